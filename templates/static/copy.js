// Copy buttons for citations. Without JavaScript the buttons stay hidden and the text stays selectable.
// A button copies the text of an element on the page (data-copy-target) or of a small file (data-copy-url,
// a reference's BibTeX), fetched when pressed.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll(".copy-button[data-copy-target], .copy-button[data-copy-url]").forEach(function (button) {
    var target = button.hasAttribute("data-copy-target") ? document.getElementById(button.getAttribute("data-copy-target")) : null;
    var url = button.getAttribute("data-copy-url");
    if (!target && !url) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target ? Promise.resolve(target.innerText.trim()) : fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.text();
      });
      text.then(function (value) { return navigator.clipboard.writeText(value.trim()); }).then(function () {
        button.textContent = "Copied";
        button.setAttribute("aria-live", "polite");
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        button.textContent = target ? "Copy failed: select the text instead" : "Copy failed: open the BibTeX link";
      });
    });
  });
})();
