function showResults() {
  const query = new URLSearchParams(window.location.search).get('q');
  document.querySelector('#results-title').innerHTML = 'Results for ' + query;
}
showResults();
