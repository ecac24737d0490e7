/* global $ */
$(function () {
  const params = new URLSearchParams(window.location.search);

  $('#greeting').html('Welcome ' + params.get('user'));
  $('#crumb').text(params.get('section') || 'Home');

  $('#search-form').on('submit', function (e) {
    e.preventDefault();
    const q = $('#q').val();
    $.getJSON('/api/search', { q }).done(function (items) {
      const rows = items.map((it) => $('<li>').text(it.title));
      $('#results').empty().append(rows);
    });
  });

  $(window).on('hashchange', function () {
    const tab = decodeURIComponent(location.hash.slice(1));
    $('.tab-title').append('<span>' + tab + '</span>');
  });

  const back = params.get('back');
  if (back) {
    $('#back-link').attr('href', back);
  }

  if (params.get('autoreturn') === '1' && back) {
    location = back;
  }
});
