function goHome() {
  window.location = '/home';
}
goHome();
