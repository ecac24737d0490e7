export function renderGreeting(element, userName) {
  const heading = document.createElement('h2');
  heading.textContent = 'Welcome back, ' + userName + '!';
  element.replaceChildren(heading);
}
