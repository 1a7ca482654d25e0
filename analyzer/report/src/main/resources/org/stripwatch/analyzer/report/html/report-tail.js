(function () {
  function filterList(listId, controlsId) {
    var controls = document.getElementById(controlsId);
    if (!controls) return;
    controls.hidden = false;
    var query = controls.querySelector('input[type=search]');
    var boxes = controls.querySelectorAll('input[data-sev]');
    var items = document.querySelectorAll('#' + listId + ' details');
    var shown = controls.querySelector('.shown');
    function apply() {
      var text = query.value.toLowerCase(), on = {}, n = 0;
      Array.prototype.forEach.call(boxes, function (b) { on[b.getAttribute('data-sev')] = b.checked; });
      Array.prototype.forEach.call(items, function (d) {
        var ok = on[d.getAttribute('data-sev')] !== false && (!text || d.textContent.toLowerCase().indexOf(text) >= 0);
        d.hidden = !ok;
        if (ok) n++;
      });
      shown.textContent = String(n);
    }
    query.addEventListener('input', apply);
    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener('change', apply); });
    Array.prototype.forEach.call(controls.querySelectorAll('button[data-open]'), function (b) {
      b.addEventListener('click', function () {
        var open = b.getAttribute('data-open') === 'true';
        Array.prototype.forEach.call(items, function (d) { if (!d.hidden) d.open = open; });
      });
    });
    apply();
  }
  filterList('alert-list', 'alert-controls');
  filterList('session-list', 'session-controls');
  window.__stripwatchReport = {rendered: true, charts: document.querySelectorAll('svg.chart').length};
  window.__stripwatchStatus();
})();
