// The printed page says the day it was printed (the reader's clock), not the build's.
addEventListener("beforeprint", function () {
  var d = new Date(), p = function (n) { return (n < 10 ? "0" : "") + n; };
  document.querySelectorAll("[data-pp-print-date]").forEach(function (e) {
    e.textContent = "in ngày " + p(d.getDate()) + "/" + p(d.getMonth() + 1) + "/" + d.getFullYear();
  });
});
