function showResults() {
  const query = new URLSearchParams(window.location.search).get('q');
  document.querySelector('#results-title').textContent = 'Results for ' + query;
}
showResults();
