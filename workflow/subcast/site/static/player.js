// subcast listening page: the transcript and the chapter list follow the audio, a click on
// either (or on a summary sentence's time) seeks, and the variant switch keeps the position.
(function () {
  "use strict";
  var audio = document.getElementById("player");
  if (!audio) return;
  var cues = [].slice.call(document.querySelectorAll("[data-cue]"));
  var chapters = [].slice.call(document.querySelectorAll("[data-chapter]"));
  var box = document.querySelector(".cues");
  var shown = { cue: -1, chapter: -1 };
  var userScrolled = 0;

  function start(el) { return parseFloat(el.getAttribute("data-seek")); }

  // The last element whose start is at or before t (starts ascend).
  function at(list, t) {
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (start(list[mid]) <= t + 0.001) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function mark(list, key, index) {
    if (shown[key] === index) return false;
    if (shown[key] >= 0) list[shown[key]].removeAttribute("aria-current");
    if (index >= 0) list[index].setAttribute("aria-current", "true");
    shown[key] = index;
    return true;
  }

  function keepInView(el) {
    if (!box || Date.now() - userScrolled < 4000) return;
    var top = el.offsetTop - box.offsetTop, bottom = top + el.offsetHeight;
    if (top < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function sync() {
    var t = audio.currentTime;
    if (mark(cues, "cue", at(cues, t)) && shown.cue >= 0) keepInView(cues[shown.cue]);
    mark(chapters, "chapter", at(chapters, t));
  }

  var frame = 0;
  function tick() { sync(); frame = audio.paused ? 0 : requestAnimationFrame(tick); }
  audio.addEventListener("play", function () { if (!frame) frame = requestAnimationFrame(tick); });
  ["timeupdate", "seeked", "seeking", "loadedmetadata", "pause"].forEach(function (type) {
    audio.addEventListener(type, sync);
  });
  if (box) {
    ["wheel", "touchmove", "keydown"].forEach(function (type) {
      box.addEventListener(type, function () { userScrolled = Date.now(); }, { passive: true });
    });
  }

  function seek(t) {
    audio.currentTime = t;
    sync();
    var playing = audio.play();
    if (playing && playing.catch) playing.catch(function () { /* autoplay refused: stay paused there */ });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-seek]") : null;
    if (target) { seek(start(target)); return; }
    var link = event.target.closest ? event.target.closest("a[data-keep-position]") : null;
    if (link && audio.currentTime > 0) link.href = link.href.split("#")[0] + "#" + position();
  });

  // Position as chapter + offset: the same chapter in another variant, even if its voice
  // (and so its timing) differs; with the same audio it is the same instant.
  function position() {
    var t = audio.currentTime, c = at(chapters, t);
    var offset = c >= 0 ? t - start(chapters[c]) : t;
    return "chapter=" + Math.max(c, 0) + "&at=" + offset.toFixed(2);
  }

  function restore() {
    var hash = {}, t = null;
    location.hash.slice(1).split("&").forEach(function (pair) {
      var kv = pair.split("="); hash[kv[0]] = parseFloat(kv[1]);
    });
    if (!isNaN(hash.t)) t = hash.t;
    else if (!isNaN(hash.at)) {
      var c = chapters[hash.chapter | 0];
      t = (c ? start(c) : 0) + hash.at;
    }
    if (t === null) return;
    var apply = function () { audio.currentTime = t; sync(); };
    if (audio.readyState >= 1) apply(); else audio.addEventListener("loadedmetadata", apply, { once: true });
  }

  restore();
  sync();
})();
