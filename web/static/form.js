/* The application form, a little better with script; it works the same without it.
   - A file over the cap is refused here, before megabytes travel (the server says the
     same words, from the same data attribute, if this script did not run).
   - The button says it is sending and ignores a second press while the request runs.
   - A link in the error summary moves focus to its field, not only the scroll. */
(function () {
  "use strict";
  var form = document.getElementById("application");
  if (!form) { return; }
  var file = document.getElementById("resume");
  var button = form.querySelector("button[type=submit]");
  var status = document.getElementById("form-status");
  var label = button.textContent;

  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) { summary.focus(); }
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      target.focus();
    });
  });

  function tooLarge() {
    return file && file.files && file.files.length > 0 &&
      file.files[0].size > Number(file.dataset.maxBytes);
  }

  function showFileError() {
    var message = file.dataset.tooLarge;
    var error = document.getElementById("resume-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "error";
      error.id = "resume-error";
      file.insertAdjacentElement("afterend", error);
    }
    error.innerHTML = '<span class="visually-hidden">Error:</span> ';
    error.appendChild(document.createTextNode(message));
    file.closest(".field").classList.add("invalid");
    file.setAttribute("aria-invalid", "true");
    file.setAttribute("aria-describedby", "resume-error");
    status.textContent = "Error: " + message;
  }

  function clearFileError() {
    var error = document.getElementById("resume-error");
    if (error) { error.remove(); }
    file.closest(".field").classList.remove("invalid");
    file.removeAttribute("aria-invalid");
    file.removeAttribute("aria-describedby");
  }

  if (file) {
    file.addEventListener("change", function () {
      if (tooLarge()) { showFileError(); } else { clearFileError(); }
    });
  }

  form.addEventListener("submit", function (event) {
    if (form.dataset.sending) { event.preventDefault(); return; }
    if (tooLarge()) {
      event.preventDefault();
      showFileError();
      file.focus();
      return;
    }
    form.dataset.sending = "1";
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Sending…";
    status.textContent = "Sending your application…";
  });

  // Back to this page from the next one (kept in the back-forward cache): ready again.
  window.addEventListener("pageshow", function () {
    delete form.dataset.sending;
    button.removeAttribute("aria-disabled");
    button.textContent = label;
  });
})();
