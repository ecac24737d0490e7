const express = require('express');
const errorhandler = require('errorhandler');
const app = express();
app.use(errorhandler());
module.exports = app;
