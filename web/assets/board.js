// The period board: on every submission recorded (server-sent events) the table is
// read again and replaced, without reloading the page.
(function () {
  var board = document.getElementById('board');
  if (!board || !window.EventSource) return;
  var period = board.getAttribute('data-period');
  var live = document.getElementById('live');
  var es = new EventSource('/office/events');
  es.addEventListener('submission', function (e) {
    var ev = JSON.parse(e.data);
    if (ev.period && ev.period !== period) return;
    fetch('/office/?part=table&period=' + encodeURIComponent(period), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(); })
      .then(function (html) { board.innerHTML = html; live.textContent = '已更新：' + new Date().toLocaleTimeString(); })
      .catch(function () { live.textContent = '自动更新失败，请刷新页面'; });
  });
  es.onerror = function () { live.textContent = '实时更新已断开，正在重连……'; };
})();
