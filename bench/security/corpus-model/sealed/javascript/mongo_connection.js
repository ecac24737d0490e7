const mongoose = require('mongoose');

async function connect() {
  await mongoose.connect('mongodb://appadmin:Mq9!zLp4Rt@db.internal:27017/app?authSource=admin');
  console.log('connected to MongoDB');
}

module.exports = { connect };
