// WeChat share cards, for campaigns with `wechat.share` in their config: the
// server loads this script into their pages only. Inside WeChat it loads the
// JS-SDK, asks the server for a signature and sets the card of the page shown.
// It never rewards sharing (WeChat forbids 诱导分享): it only sets the card.
// Plain script rather than wasm, so pages without cards carry none of it.
(function () {
  "use strict";
  var agent = navigator.userAgent;
  if (agent.indexOf("MicroMessenger") < 0) return;
  var config = document.getElementById("campaign-config");
  var cards;
  try {
    cards = (JSON.parse(config.textContent).wechat || {}).share || [];
  } catch (e) {
    return;
  }
  var here = function () {
    return location.href.split("#")[0];
  };
  // iOS WeChat checks the signature against the address the person first
  // landed on, not the one the page moved to: keep that one for the visit.
  var LANDED = "ck.wx.landed";
  var landed;
  try {
    landed = sessionStorage.getItem(LANDED);
    if (!landed) sessionStorage.setItem(LANDED, (landed = here()));
  } catch (e) {
    landed = here();
  }
  var ios = /iPhone|iPad|iPod/.test(agent);
  var api = "/api/v1";

  function absolute(url) {
    return new URL(url, location.href).href;
  }

  function card() {
    var match = location.pathname.match(/^\/p\/([^/]+)\/?$/);
    var page = match && decodeURIComponent(match[1]);
    return cards.filter(function (card) {
      return card.page === page;
    })[0];
  }

  function share() {
    var chosen = card();
    if (!chosen || !window.wx) return;
    var signed = ios ? landed : here();
    fetch(api + "/wechat/jssdk?url=" + encodeURIComponent(signed))
      .then(function (answer) {
        return answer.ok ? answer.json() : Promise.reject(answer.status);
      })
      .then(function (signature) {
        var wx = window.wx;
        wx.config({
          debug: false,
          appId: signature.app_id,
          timestamp: signature.timestamp,
          nonceStr: signature.nonce_str,
          signature: signature.signature,
          jsApiList: ["updateAppMessageShareData", "updateTimelineShareData"],
        });
        wx.ready(function () {
          // The shared link is the page's own address without its fragment,
          // where a visitor token may still sit.
          var link = here();
          var image = absolute(chosen.image);
          wx.updateAppMessageShareData({
            title: chosen.title,
            desc: chosen.desc || "",
            link: link,
            imgUrl: image,
          });
          wx.updateTimelineShareData({ title: chosen.title, link: link, imgUrl: image });
        });
      })
      .catch(function () {});
  }

  var sdk = document.createElement("script");
  sdk.src = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";
  sdk.onload = share;
  document.head.appendChild(sdk);
  // Pages of one bundle move with the History API: set the new page's card.
  var push = history.pushState;
  history.pushState = function () {
    var result = push.apply(this, arguments);
    share();
    return result;
  };
  addEventListener("popstate", share);
})();
