// Campaign Kit embed loader. On a host page:
//
//   <div data-campaign-kit data-page="member-survey"></div>
//   <script src="https://pages.example/embed.js" async></script>
//
// Each element becomes a frame of that page (the campaign home without
// `data-page`; another config with `data-config="https://.../campaign.json"`).
// Frames keep the host's CSS and ours apart both ways, and let several pages
// sit side by side. What happens inside arrives as DOM events on the element:
// `campaignkit:loaded`, `campaignkit:submitted`, `campaignkit:draw`, each with
// the page's message as `event.detail`. Messages from anywhere but the pages'
// own origin, or from another frame, are ignored.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__campaignKitEmbed) return;
  window.__campaignKitEmbed = true;
  var origin = new URL(script.src, location.href).origin;
  var frames = [];

  function mount(element) {
    if (element.querySelector("iframe[data-campaign-kit-frame]")) return;
    var page = element.getAttribute("data-page");
    var url = new URL(page ? "/p/" + encodeURIComponent(page) : "/", origin);
    var config = element.getAttribute("data-config");
    if (config) url.searchParams.set("c", new URL(config, location.href).href);
    // Where the page may post its messages: this host, and nowhere else.
    url.searchParams.set("host", location.origin);
    var frame = document.createElement("iframe");
    frame.src = url.href;
    frame.title = element.getAttribute("data-title") || page || "Campaign";
    frame.setAttribute("data-campaign-kit-frame", "");
    frame.setAttribute("allow", "geolocation; clipboard-write; web-share");
    frame.setAttribute("loading", "lazy");
    frame.style.cssText = "display:block;width:100%;height:640px;border:0;color-scheme:normal";
    element.appendChild(frame);
    frames.push({ frame: frame, element: element });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.source !== "campaign-kit" || typeof data.type !== "string") return;
    for (var i = 0; i < frames.length; i += 1) {
      var entry = frames[i];
      if (entry.frame.contentWindow !== event.source) continue;
      if (data.type === "resize") {
        var height = Number(data.detail && data.detail.height);
        if (height > 0) entry.frame.style.height = Math.ceil(height) + "px";
        return;
      }
      entry.element.dispatchEvent(
        new CustomEvent("campaignkit:" + data.type, { detail: data.detail, bubbles: true })
      );
      return;
    }
  });

  function mountAll() {
    var elements = document.querySelectorAll("[data-campaign-kit]");
    for (var i = 0; i < elements.length; i += 1) mount(elements[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
  // Elements added later (single-page hosts) are picked up too.
  if (window.MutationObserver) {
    new MutationObserver(mountAll).observe(document.documentElement, { childList: true, subtree: true });
  }
})();
