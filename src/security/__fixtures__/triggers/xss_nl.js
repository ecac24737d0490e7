export const h = (req, res) => {
  res
    .status(200);
  res
    .send('<p>' + req.body.q + '</p>');
};
