module.exports = {
  jwtSecret: process.env.JWT_SECRET,
  port: 8080,
};
