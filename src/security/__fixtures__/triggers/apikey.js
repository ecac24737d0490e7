export const APIKey = "AIzaSyD8f3kLmNoPqRsTuVwXyZ0123456789";
