// The progress of a background report: asks this site for the job's state every two
// seconds and shows it; reloads the page when the job has ended, to offer the file or say
// what went wrong. Without JavaScript, the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job-status");
  if (!box || !box.dataset.statusUrl) {
    return;
  }
  var state = document.getElementById("job-state");
  var progress = document.getElementById("job-progress");
  var done = document.getElementById("job-rows-done");
  var total = document.getElementById("job-rows-total");

  function show(data) {
    if (data.state !== "queued" && data.state !== "running") {
      window.location.reload();
      return false;
    }
    if (state.textContent !== data.state_label) {
      state.textContent = data.state_label;
    }
    progress.max = Math.max(data.rows_total, 1);
    progress.value = data.rows_done;
    progress.textContent = data.percent + " %";
    done.textContent = data.rows_done;
    total.textContent = data.rows_total;
    return true;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (show(data)) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
