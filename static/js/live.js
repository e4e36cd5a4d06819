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
        var stage = document.getElementById("live-stage");
        var announcer = document.getElementById("live-announcer");
        var announce = function (text) {
            // Cleared first, so that the same words are announced again.
            announcer.textContent = "";
            window.setTimeout(function () { announcer.textContent = text; }, 100);
        };
        var title = function (element) {
            var heading = element.querySelector("#live-title");
            return heading ? heading.textContent : "";
        };
        // Put a stage from the server in place of the current one; false if the
        // reply holds none (an error page, say).
        var swap = function (html) {
            var holder = document.createElement("div");
            holder.innerHTML = html;
            var fresh = holder.querySelector("#live-stage");
            if (!fresh) { return false; }
            var before = { title: title(stage) };
            stage.replaceWith(fresh);
            stage = fresh;
            var summary = stage.querySelector(".error-summary");
            if (summary) {
                summary.setAttribute("tabindex", "-1");
                summary.focus();
            } else if (stage.getAttribute("data-announce")) {
                announce(stage.getAttribute("data-announce"));
            } else if (title(stage) !== before.title) {
                announce("Now showing: " + title(stage));
            } else {
                announce("The facilitator has updated " + title(stage));
            }
            return true;
        };
        var loading = false;
        var loadStage = function () {
            loading = true;
            fetch(follow.getAttribute("data-stage-url"), { credentials: "same-origin" })
                .then(function (response) {
                    if (!response.ok) { throw new Error(String(response.status)); }
                    return response.text();
                })
                .then(function (html) {
                    if (!swap(html)) { window.location.reload(); }
                })
                .catch(function () { window.location.reload(); })
                .then(function () { loading = false; });
        };
        poll(follow.getAttribute("data-state-url"), null, function (body) {
            var state = JSON.parse(body);
            if (loading || state.version <= Number(stage.getAttribute("data-version"))) { return; }
            if (stage.getAttribute("data-browsing") === "yes") {
                if (state.locked) {
                    loadStage();  // the stage view always shows the live step
                    return;
                }
                stage.setAttribute("data-version", String(state.version));
                announce("The facilitator has moved on. Choose Back to live to follow.");
                return;
            }
            // Opening or closing responses on the question on screen needs no
            // fetch: the stage holds the form already, hidden while closed.
            var form = stage.querySelector("[data-live-answer]");
            var same = String(state.step) === stage.getAttribute("data-step") &&
                String(state.results_shown) === stage.getAttribute("data-results") &&
                String(state.ended) === stage.getAttribute("data-ended") &&
                String(state.locked) === stage.getAttribute("data-locked") &&
                !state.results_shown;
            if (same) {
                stage.setAttribute("data-version", String(state.version));
                if (form && form.hidden === state.responses_open) {
                    form.hidden = !state.responses_open;
                    stage.querySelector("[data-live-closed]").hidden = state.responses_open;
                    announce((state.responses_open ? "Responses are open: " : "Responses are closed: ") +
                        title(stage));
                }
                return;
            }
            var typing = document.activeElement && document.activeElement.tagName === "TEXTAREA" &&
                document.activeElement.value && stage.contains(document.activeElement);
            if (typing) {
                stage.setAttribute("data-version", String(state.version));
                announce("The facilitator has moved on. Send your answer, then choose Update.");
                return;
            }
            loadStage();
        });
        // Answers go in place: the reply is the new stage (saved, refused, or the
        // form with its errors). If that fails, the form is posted as usual.
        follow.addEventListener("submit", function (event) {
            var form = event.target;
            if (!form.hasAttribute("data-live-answer")) { return; }
            event.preventDefault();
            var button = form.querySelector('button[type="submit"]');
            if (button) { button.disabled = true; }
            fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                credentials: "same-origin",
                // A swapped-in stage may be one shared by everyone, without a
                // token of its own: the page's goes in the header.
                headers: { "X-Live-Stage": "1", "X-CSRFToken": follow.getAttribute("data-csrf-token") }
            })
                .then(function (response) {
                    if (response.status >= 500) { throw new Error(String(response.status)); }
                    return response.text();
                })
                .then(function (html) {
                    if (!swap(html)) { throw new Error("no stage"); }
                })
                .catch(function () {
                    // A plain post needs the token in the form.
                    if (!form.querySelector('[name="csrfmiddlewaretoken"]')) {
                        var token = document.createElement("input");
                        token.type = "hidden";
                        token.name = "csrfmiddlewaretoken";
                        token.value = follow.getAttribute("data-csrf-token");
                        form.appendChild(token);
                    }
                    form.submit();
                });
        });
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
        // Elapsed time goes on between the facilitator's moves (each re-renders it).
        var elapsed = present.querySelector("[data-elapsed]");
        if (elapsed) {
            var started = Date.parse(elapsed.getAttribute("datetime"));
            // As Django's timesince writes it: "5 minutes", "1 hour, 5 minutes".
            var count = function (n, unit) {
                return n + "\u00a0" + unit + (n === 1 ? "" : "s");
            };
            var tick = function () {
                var minutes = Math.max(0, Math.floor((Date.now() - started) / 60000));
                var hours = Math.floor(minutes / 60);
                var text = hours ? count(hours, "hour") : count(minutes, "minute");
                if (hours && minutes % 60) { text += ", " + count(minutes % 60, "minute"); }
                elapsed.textContent = text + " ago";
            };
            window.setInterval(tick, 15000);
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
