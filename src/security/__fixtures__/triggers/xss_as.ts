export const hello = (req: any, r: unknown) => {
  (res as Response).send('<h1>' + req.query.name + '</h1>');
};
