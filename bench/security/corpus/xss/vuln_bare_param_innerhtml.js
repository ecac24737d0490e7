export function renderGreeting(element, userName) {
  element.innerHTML = '<h2>Welcome back, ' + userName + '!</h2>';
}
