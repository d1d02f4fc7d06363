// The file picker in the page's own words: the native input (which speaks the
// browser's language, "Choose File" in an English browser) is hidden but still takes
// the keyboard focus; its label is the 选择文件 button, and the chosen file's name is
// written next to it.
(function () {
  var inputs = document.querySelectorAll('input[type=file].file-input');
  Array.prototype.forEach.call(inputs, function (input) {
    var shown = document.querySelector('[data-file-name-for="' + input.id + '"]');
    if (!shown) return;
    var none = shown.textContent;
    input.addEventListener('change', function () {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      if (!names.length) shown.textContent = none;
      else if (names.length === 1) shown.textContent = '已选择：' + names[0];
      else shown.textContent = '已选择 ' + names.length + ' 个文件：' + names.join('、');
    });
  });
})();
