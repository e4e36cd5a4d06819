// Live sessions: participants follow the facilitator; the presenter gets shortcuts
// and answers as they arrive. Everything also works without this script.
(function () {
    "use strict";
    var POLL_MS = 2000;

    function poll(url, etag, onChange) {
        var headers = etag ? { "If-None-Match": etag } : {};
        fetch(url, { headers: headers, credentials: "same-origin" })
            .then(function (response) {
                var next = response.headers.get("ETag") || etag;
                if (response.status === 200) {
                    return response.text().then(function (body) {
                        onChange(body, next);
                        return next;
                    });
                }
                return next;
            })
            .catch(function () { return etag; })
            .then(function (next) {
                window.setTimeout(function () { poll(url, next, onChange); }, POLL_MS);
            });
    }

    var follow = document.querySelector("[data-live-follow]");
    if (follow) {
        var version = follow.getAttribute("data-version");
        poll(follow.getAttribute("data-state-url"), null, function (body) {
            var state = JSON.parse(body);
            if (String(state.version) === version) { return; }
            var stage = document.getElementById("live-stage");
            if (stage && stage.getAttribute("data-browsing") === "yes") {
                if (state.locked) {
                    window.sessionStorage.setItem("live-announce", "1");
                    window.location.href = follow.querySelector("[data-back-to-live]").href;
                    return;
                }
                version = String(state.version);
                document.getElementById("live-announcer").textContent =
                    "The facilitator has moved on. Choose Back to live to follow.";
                return;
            }
            var typing = document.activeElement && document.activeElement.tagName === "TEXTAREA" &&
                document.activeElement.value;
            if (typing) {
                document.getElementById("live-announcer").textContent =
                    "The facilitator has moved on. Send your answer, then choose Update.";
                return;
            }
            window.sessionStorage.setItem("live-announce", "1");
            window.location.reload();
        });
        if (window.sessionStorage.getItem("live-announce")) {
            window.sessionStorage.removeItem("live-announce");
            var title = document.getElementById("live-title");
            window.setTimeout(function () {
                document.getElementById("live-announcer").textContent =
                    "Now showing: " + (title ? title.textContent : "the next slide");
            }, 100);
        }
    }

    var present = document.querySelector("[data-live-present]");
    if (present) {
        var results = document.getElementById("live-results");
        if (results) {
            poll(present.getAttribute("data-results-url"), null, function (body) {
                results.innerHTML = body;
            });
        }
        var questions = document.getElementById("live-questions");
        if (questions) {
            poll(questions.getAttribute("data-questions-url"), null, function (body) {
                questions.innerHTML = body;
            });
        }
        var keys = { ArrowRight: "next", " ": "next", ArrowLeft: "previous" };
        document.addEventListener("keydown", function (event) {
            var target = event.target;
            if (target.closest("input, textarea, select, button, a, summary")) { return; }
            if (event.key === "b" || event.key === "B") {
                document.body.classList.toggle("live--blank");
                return;
            }
            if (event.key === "f" || event.key === "F") {
                if (document.fullscreenElement) { document.exitFullscreen(); }
                else { present.requestFullscreen(); }
                return;
            }
            var action = keys[event.key] ||
                (event.key === "Home" ? "first" : event.key === "End" ? "last" : null);
            if (!action) { return; }
            event.preventDefault();
            var buttons = present.querySelectorAll(".slide-index button");
            var button = action === "first" ? buttons[0] :
                action === "last" ? buttons[buttons.length - 1] :
                present.querySelector('button[data-action="' + action + '"]');
            if (button) { button.click(); }
        });
    }
}());
