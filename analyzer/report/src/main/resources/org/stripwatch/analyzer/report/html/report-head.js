window.__stripwatchErrors = [];
window.__stripwatchStatus = function () {
  var e = document.getElementById('stripwatch-status'), r = window.__stripwatchReport || {};
  if (e) e.textContent = JSON.stringify({rendered: !!r.rendered, charts: r.charts || 0, errors: window.__stripwatchErrors});
};
window.onerror = function (message, source, line, column) {
  window.__stripwatchErrors.push(String(message) + ' at ' + line + ':' + column);
  window.__stripwatchStatus();
  return false;
};
window.addEventListener('unhandledrejection', function (e) {
  window.__stripwatchErrors.push('unhandled rejection: ' + String(e.reason));
  window.__stripwatchStatus();
});
document.addEventListener('securitypolicyviolation', function (e) {
  window.__stripwatchErrors.push('content security policy blocked ' + e.violatedDirective);
  window.__stripwatchStatus();
});
