/* global $ */
$(function () {
  const $results = $('#results');

  $('#search-form').on('submit', function (e) {
    e.preventDefault();
    const q = $('#q').val();
    $results.html('<p>Searching for ' + q + '</p>');
    $.getJSON('/api/search', { q: q }, function (data) {
      $results.empty();
      data.items.forEach(function (item) {
        $('<div class="item">').text(item.title).appendTo($results);
        $results.append('<a href="' + item.url + '">more</a>');
      });
    });
  });

  const tab = window.location.hash;
  $(tab).addClass('active');

  $('#notice').text(new URLSearchParams(location.search).get('notice') || '');
});
