const params = new URLSearchParams(location.search);
window.location = params.get('returnTo');
