export const h = (req, res) => {
  res?.send('<p>' + req.body.q + '</p>');
};
