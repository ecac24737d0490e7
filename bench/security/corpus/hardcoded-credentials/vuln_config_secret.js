module.exports = {
  jwtSecret: 'f3Kq9Zp2Lm7Xv4Rt8Wn1Yb6H',
  port: 8080,
};
