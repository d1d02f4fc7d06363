// The unit portal: drag and drop onto the upload box, and an upload that answers in
// place (JSON) instead of reloading, then the state badge and the history read
// again. Without script the form still posts as usual.
(function () {
  var form = document.getElementById('upload');
  var drop = document.getElementById('drop');
  var live = document.getElementById('live');
  if (!form || !window.fetch || !window.FormData) return;
  var input = form.querySelector('input[type=file]');
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; input.dispatchEvent(new Event('change')); send(); }
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); send(); });
  function text(tag, s, cls) { var el = document.createElement(tag); el.textContent = s; if (cls) el.className = cls; return el; }
  function send() {
    if (!input.files.length) { live.textContent = '请先选择文件'; return; }
    live.textContent = '正在上传并检查……';
    var data = new FormData(form);
    fetch(form.action, { method: 'POST', body: data, headers: { 'Accept': 'application/json', 'X-Requested-With': 'tenglong' } })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (res) { show(res.body); return refresh(); })
      .catch(function () { live.textContent = '上传失败：网络中断或服务器没有响应，请稍后重试'; });
  }
  var labels = { accepted: '已采用', rejected: '退回，请按下列问题改正后重新上传', unreadable: '无法读取', pending: '待确认（等办公室核对）', duplicate: '与之前上传的文件相同，未改变', skipped: '未作为报送' };
  function show(j) {
    live.textContent = '';
    var box = document.createElement('div');
    box.className = 'result ' + (j.outcome === 'accepted' ? 'ok' : j.outcome === 'pending' ? 'info' : j.outcome === 'duplicate' ? 'warn' : 'bad');
    box.appendChild(text('p', '结果：' + (labels[j.outcome] || j.message || j.outcome) + (j.late ? '（迟报）' : '')));
    if (j.message) box.appendChild(text('p', j.message));
    if (j.findings && j.findings.length) {
      var t = document.createElement('table'); t.className = 'findings';
      var h = document.createElement('tr');
      ['类别', '工作表', '单元格', '问题'].forEach(function (s) { h.appendChild(text('th', s)); });
      t.appendChild(h);
      j.findings.forEach(function (f) {
        var tr = document.createElement('tr'); tr.className = f.severity;
        [f.severity === 'error' ? '错误' : '提醒', f.sheet, f.cell, f.message].forEach(function (s) { tr.appendChild(text('td', s || '')); });
        t.appendChild(tr);
      });
      box.appendChild(t);
    }
    if (j.markup) { var a = text('a', '下载标注副本（问题格子已标红）', 'button'); a.href = j.markup; var p = document.createElement('p'); p.appendChild(a); box.appendChild(p); }
    live.appendChild(box);
  }
  // refresh reads the state badge and the history again (the page's fragment) and
  // puts them in place of the old ones: text and colour from the same template as a
  // reload would show.
  function refresh() {
    var base = form.getAttribute('data-base');
    return fetch(base + '?part=status', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(); })
      .then(function (html) {
        var t = document.createElement('template');
        t.innerHTML = html;
        ['state', 'history'].forEach(function (id) {
          var now = document.getElementById(id), fresh = t.content.getElementById(id);
          if (now && fresh) now.replaceWith(fresh);
        });
      })
      .catch(function () { live.appendChild(text('p', '报送记录没能自动更新，请刷新页面查看')); });
  }
})();
