/*
 * Slide and plenary question pages: the arrow keys follow the slide navigation's
 * rel="prev" / rel="next" links. The links work on their own; this only adds keys.
 * Keys are left alone while typing in a field, with a modifier held, or inside
 * widgets that use arrows themselves (the Wagtail userbar, scrollable tables).
 */
(function () {
    "use strict";

    var nav = document.querySelector("[data-slide-nav]");
    if (!nav) {
        return;
    }

    var rtl = getComputedStyle(document.documentElement).direction === "rtl";
    var links = {
        prev: nav.querySelector('a[rel~="prev"]'),
        next: nav.querySelector('a[rel~="next"]'),
    };
    // In a right-to-left page the previous slide lies to the right.
    var keys = {
        ArrowLeft: rtl ? "next" : "prev",
        ArrowRight: rtl ? "prev" : "next",
    };
    Object.keys(keys).forEach(function (key) {
        var link = links[keys[key]];
        if (link) {
            link.setAttribute("aria-keyshortcuts", key);
        }
    });

    var ignoredTargets = [
        "input",
        "textarea",
        "select",
        "[contenteditable]:not([contenteditable='false'])",
        "[role='region']",
        "wagtail-userbar",
    ].join(",");

    document.addEventListener("keydown", function (event) {
        var link = links[keys[event.key]];
        if (
            !link ||
            event.defaultPrevented ||
            event.isComposing ||
            event.altKey ||
            event.ctrlKey ||
            event.metaKey ||
            event.shiftKey
        ) {
            return;
        }
        var target = event.target;
        if (target instanceof Element && target.closest(ignoredTargets)) {
            return;
        }
        event.preventDefault();
        window.location.assign(link.href);
    });
})();
