// A cycle button's run page: while the run goes on, its status is read every second
// and the new lines are added; when it ends the page is loaded again to show what was
// done and the files to download.
(function () {
  var job = document.getElementById('job');
  if (!job || job.getAttribute('data-done') === 'true') return;
  var id = job.getAttribute('data-job');
  var list = document.getElementById('lines');
  var shown = list.children.length;
  function poll() {
    fetch('/office/run/job/' + encodeURIComponent(id) + '/status', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(); })
      .then(function (v) {
        for (; shown < v.lines.length; shown++) {
          var li = document.createElement('li');
          li.textContent = v.lines[shown];
          list.appendChild(li);
        }
        if (v.done) { location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () {
        document.getElementById('state').textContent = '读取进度失败，请刷新本页。';
        setTimeout(poll, 3000);
      });
  }
  setTimeout(poll, 500);
})();
