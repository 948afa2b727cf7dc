/* Reiswijzer chat widget: the browser side of the web channel (bot/channels/webchat.py).
 *
 * One file, no framework, no build step (ES2019). Embed with one tag:
 *   <script src="https://HOST/webchat/widget.js" data-lang="nl"></script>
 * Options (data- attributes on that tag): data-lang (nl|en), data-mode (bubble|page|onboarding),
 * data-business-name, data-website, data-language (prefill), data-portal-ref, data-target (page mode:
 * a CSS selector of the element to fill; default #reiswijzer, else <body>).
 * The whole UI lives in a Shadow DOM root; widget.css and map.css are loaded into it from the server.
 * The server talks Rasa's socket.io protocol at BASE/webchat/socket.io/ (session_request, session_confirm,
 * user_uttered, bot_uttered). Every text a user or the bot wrote is shown with textContent; the only
 * markup inserted is the server-rendered (escaped) journey map.
 * JS API: window.Reiswijzer = {open, close, toggle, prefill, start, reset, sessionId}.
 */
(function () {
  "use strict";
  if (window.Reiswijzer && window.Reiswijzer.__reiswijzer) return; // the tag was included twice

  // The server replaces this with the JSON of bot/knowledge/widget.yml: {"key": {"nl": "...", "en": "..."}}
  const STRINGS = /*REISWIJZER_STRINGS*/{};
  // (also accepted: the same object wrapped as {"strings": {...}})
  const TEXTS = STRINGS.strings && typeof STRINGS.strings === "object" && !STRINGS.strings.nl ? STRINGS.strings : STRINGS;

  const MAX_ITEMS = 300;           // transcript items kept in localStorage
  const MAX_MESSAGE = 2000;        // characters per message (the REST channel reads no more either)
  const REPLY_TIMEOUT_MS = 45000;  // the typing dots give up after this long without a bot message
  const NOTICE_DELAY_MS = 700;     // a connection notice shows only when the gap lasts this long
  const SVG_NS = "http://www.w3.org/2000/svg";

  // ---- where we come from, and the options --------------------------------------------------------
  const script = document.currentScript || findScript();
  const scriptSrc = (script && script.src) || "";
  const at = scriptSrc.indexOf("/webchat/widget.js");
  const BASE = at >= 0 ? scriptSrc.slice(0, at) : window.location.origin;
  const baseUrl = new URL(BASE + "/");
  const SOCKET_PATH = baseUrl.pathname.replace(/\/$/, "") + "/webchat/socket.io/";

  const data = (script && script.dataset) || {};
  const params = new URLSearchParams(window.location.search);
  let mode = String(data.mode || "bubble").toLowerCase();
  let onboarding = mode === "onboarding";
  if (mode !== "page") mode = "bubble";
  if (mode === "page" && params.get("mode") === "onboarding") onboarding = true;
  // the UI language: the embed's (or the page's ?lang=), then the interview's once it is held in the other
  const initialLang = pickLanguage(mode === "page" ? params.get("lang") : null) || pickLanguage(data.lang) || "nl";
  let lang = initialLang;
  const portalRef = (data.portalRef || "").trim() || null;

  const prefillData = {};
  if (data.businessName) prefillData.business_name = data.businessName;
  if (data.website) prefillData.website = data.website;
  if (data.language) prefillData.language = data.language;

  // ---- storage (per server base URL) -----------------------------------------------------------------
  const KEY = "reiswijzer:v1:" + BASE;
  const K_SESSION = KEY + ":session";
  const K_TRANSCRIPT = KEY + ":transcript";
  const K_OPEN = KEY + ":open"; // sessionStorage: the bubble panel stays open across page loads
  const K_LANG = KEY + ":lang"; // the language the conversation switched the UI to

  function storageGet(store, key) {
    try { return window[store].getItem(key); } catch (e) { return null; }
  }
  function storageSet(store, key, value) {
    try { window[store].setItem(key, value); return true; } catch (e) { return false; }
  }
  function storageRemove(store, key) {
    try { window[store].removeItem(key); } catch (e) { /* storage unavailable */ }
  }
  function readItems() {
    try {
      const stored = JSON.parse(storageGet("localStorage", K_TRANSCRIPT) || "null");
      return stored && Array.isArray(stored.items) ? stored.items.filter(isItem) : [];
    } catch (e) {
      return [];
    }
  }
  function isItem(item) {
    return item && typeof item === "object" && (
      (item.t === "user" && typeof item.text === "string") || item.t === "hidden" ||
      (item.t === "bot" && item.m && typeof item.m === "object"));
  }

  lang = pickLanguage(storageGet("localStorage", K_LANG)) || lang;

  // ---- state -------------------------------------------------------------------------------------------
  const state = {
    sessionId: storageGet("localStorage", K_SESSION) || null,
    items: readItems(),     // {t: "user", text} | {t: "hidden", text} | {t: "bot", m: <bot_uttered>, local?}
    groups: [],             // unanswered quick replies / multiselects: {buttons, inputs, titles}
    journeyDone: false,
    progress: null,         // {step, of}
    open: false,
    ready: false,           // the DOM is built
    socket: null,
    loading: false,         // socket.io-client is being fetched
    connected: false,
    confirmed: false,       // session_confirm received on this connection
    everConnected: false,
    awaiting: false,
    pendingStart: false,
    pendingSubmit: false,   // Enter pressed before the connection was ready: send the input once it is
    unread: false,
  };
  let ui = null;
  let replyTimer = 0;
  let noticeTimer = 0;

  // ---- small helpers -------------------------------------------------------------------------------------
  function findScript() {
    const scripts = document.querySelectorAll("script[src]");
    for (let i = scripts.length - 1; i >= 0; i--) {
      if (/\/webchat\/widget\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  function pickLanguage(value) {
    const code = String(value || "").trim().toLowerCase().slice(0, 2);
    return code === "nl" || code === "en" ? code : null;
  }

  function t(key, values) {
    const entry = TEXTS[key];
    let text = entry ? (entry[lang] || entry.nl || key) : key;
    if (values) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
      });
    }
    return text;
  }

  function el(tag, className, attrs, children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        const value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "text") node.textContent = value;
        else node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  const ICONS = {
    chat: ["fill", "M4 6.2A3.2 3.2 0 0 1 7.2 3h9.6A3.2 3.2 0 0 1 20 6.2v6.6a3.2 3.2 0 0 1-3.2 3.2H11l-4.4 3.7c-.6.5-1.6.1-1.6-.7V16A3.2 3.2 0 0 1 4 12.8z"],
    close: ["stroke", "M6 6l12 12M18 6L6 18"],
    send: ["fill", "M3.5 20.2 21 12 3.5 3.8l.1 6.4L15 12l-11.4 1.8z"],
    restart: ["stroke", "M4.5 12a7.5 7.5 0 1 0 2.2-5.3M4.5 4v4.5H9"],
    signpost: ["stroke", "M12 3v18M9 21h6M6 5.5h10l2.5 2.25L16 10H6zM18 12.5H8l-2.5 2.25L8 17h10z"],
    download: ["stroke", "M12 4v11M7.5 10.5 12 15l4.5-4.5M5 19.5h14"],
    external: ["stroke", "M13.5 4.5h6v6M19.5 4.5l-8.5 8.5M18 14v4.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 4 18.5v-11A1.5 1.5 0 0 1 5.5 6H10"],
    check: ["stroke", "M5 12.5l4.5 4.5L19 7.5"],
  };

  function icon(name) {
    const spec = ICONS[name];
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "rw-icon rw-icon-" + name);
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", spec[1]);
    if (spec[0] === "fill") {
      path.setAttribute("fill", "currentColor");
    } else {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
    }
    svg.appendChild(path);
    return svg;
  }

  function srText(text) {
    return el("span", "rw-sr", {text: text});
  }

  /** A plain copy of a JSON-able value (prefill objects may be changed by the host page later). */
  function copy(value) {
    try { return JSON.parse(JSON.stringify(value)); } catch (e) { return undefined; }
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return value.trim() === "";
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  function currentPrefill() {
    const out = {};
    Object.keys(prefillData).forEach(function (key) {
      if (!isEmpty(prefillData[key])) out[key] = prefillData[key];
    });
    return Object.keys(out).length ? out : null;
  }

  /** An export URL as an absolute http(s) URL on the server (relative URLs are the server's), or null. */
  function safeUrl(url) {
    if (typeof url !== "string" || !url.trim()) return null;
    try {
      const parsed = new URL(url, baseUrl);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function journeyOf(message) {
    const custom = message && message.custom;
    return custom && typeof custom === "object" && custom.journey && typeof custom.journey === "object"
      ? custom : null;
  }

  function transcriptEmpty() {
    return !state.items.some(function (item) { return !item.local; });
  }

  function canSend() {
    return !!(state.socket && state.connected && state.confirmed && state.sessionId);
  }

  // ---- building the UI -----------------------------------------------------------------------------------
  function build() {
    // a custom element name: the host page's rules for div, section, ... don't match the host
    const host = document.createElement("reiswijzer-chat");
    host.setAttribute("data-mode", mode);
    host.style.cssText = mode === "page" ? "display:block;height:100%;" : "display:block;width:0;height:0;";
    const shadow = host.attachShadow({mode: "open"});

    // Until widget.css is in, show nothing (no flash of unstyled widget); give up waiting after 4 s.
    shadow.appendChild(el("style", null, {text: ".rw-root:not(.rw-styled){visibility:hidden}"}));
    const styles = [BASE + "/webchat/widget.css", BASE + "/webchat/map.css"].map(function (href) {
      return el("link", null, {rel: "stylesheet", href: href});
    });
    styles.forEach(function (link) { shadow.appendChild(link); });

    const root = el("div", "rw-root rw-mode-" + mode, {lang: lang});
    shadow.appendChild(root);
    // a restored conversation was scrolled to its end before the styles laid it out: again once they are
    let settled = false;
    function relaid() { if (!settled && ui) scrollToBottom(); }
    function styled() {
      root.classList.add("rw-styled");
      relaid();
    }
    styles[0].addEventListener("load", styled);
    styles[0].addEventListener("error", styled);
    styles[1].addEventListener("load", relaid);
    setTimeout(function () { styled(); settled = true; }, 4000);
    root.addEventListener("pointerdown", function () { settled = true; });
    root.addEventListener("keydown", function () { settled = true; });

    const titleTag = mode === "page" ? "h1" : "h2";
    const progressFill = el("div", "rw-progress-fill");
    const progressBar = el("div", "rw-progress-track", {role: "progressbar", "aria-valuemin": "0"}, [progressFill]);
    const progressText = el("span", "rw-progress-text");
    const progress = el("div", "rw-progress", {hidden: true}, [progressText, progressBar]);
    const subtitle = el("p", "rw-subtitle", {text: t("subtitle")});

    const newButton = el("button", "rw-head-btn rw-new", {type: "button", title: t("new_conversation")},
      [icon("restart"), el("span", "rw-head-btn-text", {text: t("new_conversation")})]);
    const closeButton = mode === "bubble"
      ? el("button", "rw-head-btn rw-close", {type: "button", "aria-label": t("close"), title: t("close")}, [icon("close")])
      : null;

    const header = el("header", "rw-header", null, [
      el("div", "rw-header-inner", null, [
        el("div", "rw-brand", null, [
          el("span", "rw-logo", null, [icon("signpost")]),
          el("div", "rw-brand-text", null, [el(titleTag, "rw-title", {text: t("title")}), subtitle, progress]),
        ]),
        el("div", "rw-head-actions", null, [newButton, closeButton]),
      ]),
    ]);

    const confirmYes = el("button", "rw-btn rw-btn-danger", {type: "button", text: t("confirm_reset_yes")});
    const confirmNo = el("button", "rw-btn rw-btn-quiet", {type: "button", text: t("confirm_reset_no")});
    const confirmText = el("p", "rw-confirm-text", {id: "rw-confirm-text", text: t("confirm_reset")});
    const confirm = el("div", "rw-confirm", {role: "group", "aria-labelledby": "rw-confirm-text", hidden: true}, [
      el("div", "rw-confirm-inner", null, [confirmText, el("div", "rw-confirm-actions", null, [confirmYes, confirmNo])]),
    ]);

    const log = el("div", "rw-log", {role: "log", "aria-live": "polite", "aria-label": t("log_label")});
    const typing = el("div", "rw-typing", {role: "status", "aria-label": t("typing")});
    const scroller = el("div", "rw-scroller", null, [el("div", "rw-inner", null, [log, typing])]);

    const notice = el("div", "rw-notice", {role: "status"});
    const input = el("textarea", "rw-input", {
      id: "rw-input", rows: "1", maxlength: String(MAX_MESSAGE), placeholder: t("input_placeholder"),
      autocomplete: "off", enterkeyhint: "send",
    });
    const send = el("button", "rw-send", {type: "submit", "aria-label": t("send"), title: t("send")}, [icon("send")]);
    const inputLabel = el("label", "rw-sr", {for: "rw-input", text: t("input_label")});
    const composer = el("form", "rw-composer", {novalidate: true}, [
      el("div", "rw-composer-inner", null, [
        inputLabel, input, send,
      ]),
    ]);

    const panel = el("div", "rw-panel", {id: "rw-panel"}, [header, confirm, scroller, notice, composer]);
    let launcher = null;
    if (mode === "bubble") {
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", t("title"));
      launcher = el("button", "rw-launcher", {
        type: "button", "aria-label": t("bubble_open"), "aria-expanded": "false", "aria-controls": "rw-panel",
      }, [icon("chat"), icon("close"), el("span", "rw-unread-dot", {"aria-hidden": "true"})]);
      root.appendChild(panel);
      root.appendChild(launcher);
    } else {
      root.appendChild(panel);
    }

    ui = {host: host, root: root, panel: panel, launcher: launcher, header: header, subtitle: subtitle,
      progress: progress, progressText: progressText, progressBar: progressBar, progressFill: progressFill,
      newButton: newButton, closeButton: closeButton, confirm: confirm, confirmYes: confirmYes,
      confirmNo: confirmNo, log: log, typing: typing, scroller: scroller, notice: notice, input: input,
      send: send, composer: composer};

    // the widget's own words again, in `lang` (the interview switched language)
    ui.applyLabels = function () {
      root.lang = lang;
      subtitle.textContent = t("subtitle");
      newButton.title = t("new_conversation");
      newButton.querySelector(".rw-head-btn-text").textContent = t("new_conversation");
      if (closeButton) {
        closeButton.setAttribute("aria-label", t("close"));
        closeButton.title = t("close");
      }
      confirmYes.textContent = t("confirm_reset_yes");
      confirmNo.textContent = t("confirm_reset_no");
      confirmText.textContent = t("confirm_reset");
      log.setAttribute("aria-label", t("log_label"));
      typing.setAttribute("aria-label", t("typing"));
      input.placeholder = t("input_placeholder");
      inputLabel.textContent = t("input_label");
      send.setAttribute("aria-label", t("send"));
      send.title = t("send");
      if (launcher) launcher.setAttribute("aria-label", t("bubble_open"));
      if (mode === "page" && document.documentElement.hasAttribute("data-reiswijzer-page")) {
        document.documentElement.lang = lang;
        document.title = t("page_title");
      }
      renderProgress();
    };

    // events
    composer.addEventListener("submit", function (event) { event.preventDefault(); submitInput(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitInput();
      }
    });
    input.addEventListener("input", autosize);
    newButton.addEventListener("click", showConfirm);
    confirmNo.addEventListener("click", hideConfirm);
    confirmYes.addEventListener("click", function () { hideConfirm(); reset(); focusInput(); });
    if (closeButton) closeButton.addEventListener("click", function () { close(); });
    if (launcher) launcher.addEventListener("click", function () { toggle(); });
    root.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      if (!ui.confirm.hidden) {
        event.preventDefault();
        hideConfirm();
      } else if (mode === "bubble" && state.open) {
        event.preventDefault();
        close();
      }
    });

    let container = document.body;
    if (mode === "page") {
      const target = (data.target && safeQuery(data.target)) || document.getElementById("reiswijzer");
      if (target) container = target;
      if (document.documentElement.hasAttribute("data-reiswijzer-page")) {
        document.documentElement.lang = lang;
        document.title = t("page_title");
      }
    }
    container.appendChild(host);
  }

  function safeQuery(selector) {
    try { return document.querySelector(selector); } catch (e) { return null; }
  }

  function autosize() {
    const input = ui.input;
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
  }

  function focusInput() {
    if (!ui) return;
    const input = ui.input;
    window.requestAnimationFrame(function () { try { input.focus({preventScroll: true}); } catch (e) { input.focus(); } });
  }

  function nearBottom() {
    const s = ui.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 96;
  }

  function scrollToBottom() {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
  }

  // ---- rendering the transcript ------------------------------------------------------------------------
  function rerender() {
    ui.log.textContent = "";
    lastCard = null;
    state.groups = [];
    state.journeyDone = false;
    state.progress = null;
    state.items.forEach(function (item) { renderItem(item, false); });
    renderProgress();
    refreshControls();
    scrollToBottom();
  }

  function renderItem(item, live) {
    if (item.t === "user") {
      closeGroups(item.text);
      ui.log.appendChild(userRow(item.text, live));
    } else if (item.t === "hidden") {
      closeGroups(null);
    } else if (item.t === "bot") {
      renderBot(item.m, live);
    }
  }

  function userRow(text, live) {
    return el("div", "rw-row rw-user" + (live ? " rw-anim" : ""), null, [
      el("div", "rw-bubble", null, [srText(t("you_said") + " "), el("span", "rw-text", {text: text})]),
    ]);
  }

  let lastCard = null;
  let mapCount = 0;
  /** One bot_uttered message: text, quick replies, multiselect, error, or the journey. */
  function renderBot(message, live) {
    const journey = journeyOf(message);
    followLanguage(journey ? journey.journey.language : message.language);
    const text = typeof message.text === "string" ? message.text.trim() : "";
    const row = el("div", "rw-row rw-bot" + (message.error ? " rw-error" : "") + (live ? " rw-anim" : ""));
    if (text) {
      const prefix = message.error ? t("error_label") : t("bot_said");
      row.appendChild(el("div", "rw-bubble", null, [
        message.error ? el("span", "rw-error-mark", {"aria-hidden": "true", text: "!"}) : null,
        srText(prefix + " "), el("span", "rw-text", {text: text}),
      ]));
    }
    const group = {buttons: [], inputs: [], titles: []};
    const multi = validMultiselect(message.multiselect);
    const form = multi ? multiselect(multi, group) : null;
    if (form) row.appendChild(form);
    const replies = Array.isArray(message.quick_replies) ? message.quick_replies.filter(function (reply) {
      return reply && typeof reply.title === "string" && typeof reply.payload === "string" && reply.title.trim();
    }) : [];
    if (replies.length) row.appendChild(quickReplies(replies, group, form, multi));
    if (row.childNodes.length) ui.log.appendChild(row);
    if (group.buttons.length || group.inputs.length) state.groups.push(group);
    if (journey) {
      if (lastCard && lastCard.isConnected && lastCard.rwOutdate) lastCard.rwOutdate();
      lastCard = journeyCard(journey, live);
      ui.log.appendChild(lastCard);
    }

    // the header's progress: kept from the latest message that has it; gone after the journey
    if (journey) state.journeyDone = true;
    const p = message.progress;
    if (p && isFinite(p.step) && isFinite(p.of) && Number(p.of) > 0) {
      state.progress = {step: Number(p.step), of: Number(p.of)};
    } else if (state.journeyDone) {
      state.progress = null;
    }
    return journey;
  }

  /** The interview is held in the other language (the owner wrote English on a Dutch site): the
   *  widget's own words follow, for the rest of this conversation (also after a reload). */
  function followLanguage(value) {
    const code = pickLanguage(value);
    if (!code || code === lang) return;
    lang = code;
    if (code === initialLang) storageRemove("localStorage", K_LANG);
    else storageSet("localStorage", K_LANG, code);
    ui.applyLabels();
  }

  /** Quick replies; next to the channel checkboxes, a "that's all" reply clicked after ticking or
   *  unticking boxes sends the boxes (the owner meant "these, and that's all"), not the reply alone. */
  function quickReplies(replies, group, form, multi) {
    const box = el("div", "rw-choices", {role: "group"});
    replies.forEach(function (reply) {
      const button = el("button", "rw-chip", {type: "button", text: reply.title});
      button.addEventListener("click", function () {
        if (button.disabled) return;
        if (form && multi.donePayloads.indexOf(reply.payload) >= 0 && form.rwChanged()) {
          form.rwSubmit();
          return;
        }
        if (sendMessage(reply.payload, reply.title)) focusInput();
      });
      group.buttons.push(button);
      group.titles.push({title: reply.title, button: button});
      box.appendChild(button);
    });
    return box;
  }

  function validMultiselect(spec) {
    if (!spec || typeof spec !== "object" || !Array.isArray(spec.options)) return null;
    if (typeof spec.intent !== "string" || !/^[\w.-]+$/.test(spec.intent)) return null;
    if (typeof spec.entity !== "string" || !spec.entity) return null;
    const options = spec.options.filter(function (option) {
      return option && typeof option.value === "string" && typeof option.title === "string";
    });
    return options.length ? {
      name: typeof spec.name === "string" ? spec.name : spec.entity,
      options: options, intent: spec.intent, entity: spec.entity,
      submitTitle: typeof spec.submit_title === "string" && spec.submit_title ? spec.submit_title : "OK",
      noneTitle: typeof spec.none_title === "string" && spec.none_title ? spec.none_title : null,
      donePayloads: Array.isArray(spec.done_payloads) ? spec.done_payloads.filter(function (payload) {
        return typeof payload === "string";
      }) : [],
    } : null;
  }

  let multiCount = 0;
  function multiselect(spec, group) {
    multiCount += 1;
    const form = el("form", "rw-multi", {novalidate: true});
    const legendId = "rw-multi-" + multiCount;
    const fieldset = el("fieldset", "rw-fieldset");
    fieldset.appendChild(el("legend", "rw-legend", {text: t("multiselect_legend")}));
    const list = el("div", "rw-options");
    const boxes = spec.options.map(function (option, index) {
      const id = legendId + "-" + index;
      const box = el("input", "rw-checkbox", {type: "checkbox", id: id, name: spec.name, value: option.value});
      box.checked = !!option.checked;
      list.appendChild(el("label", "rw-option", {for: id}, [box, el("span", "rw-option-box", {"aria-hidden": "true"}, [icon("check")]),
        el("span", "rw-option-title", {text: option.title})]));
      group.inputs.push(box);
      return {box: box, option: option};
    });
    fieldset.appendChild(list);
    const submit = el("button", "rw-btn rw-btn-primary rw-multi-submit", {type: "submit"});
    function label() {
      const any = boxes.some(function (entry) { return entry.box.checked; });
      submit.textContent = !any && spec.noneTitle ? spec.noneTitle : spec.submitTitle;
    }
    label();
    list.addEventListener("change", label);
    form.rwChanged = function () {
      return boxes.some(function (entry) { return entry.box.checked !== !!entry.option.checked; });
    };
    form.rwSubmit = function () { submitChoice(); };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitChoice();
    });
    function submitChoice() {
      if (submit.disabled) return;
      const chosen = boxes.filter(function (entry) { return entry.box.checked; });
      const values = chosen.map(function (entry) { return entry.option.value; });
      const payload = {};
      payload[spec.entity] = values;
      const shown = chosen.length
        ? chosen.map(function (entry) { return entry.option.title; }).join(", ")
        : (spec.noneTitle || spec.submitTitle);
      if (sendMessage("/" + spec.intent + JSON.stringify(payload), shown)) focusInput();
    }
    form.appendChild(fieldset);
    form.appendChild(el("div", "rw-multi-actions", null, [submit]));
    group.buttons.push(submit);
    return form;
  }

  /** Answered: every earlier quick reply and multiselect is disabled for good (the one picked marked). */
  function closeGroups(answer) {
    state.groups.forEach(function (group) {
      group.buttons.forEach(function (button) { button.disabled = true; });
      group.inputs.forEach(function (box) { box.disabled = true; });
      group.titles.forEach(function (entry) {
        if (answer !== null && entry.title === answer) {
          entry.button.classList.add("rw-chosen");
          entry.button.insertBefore(icon("check"), entry.button.firstChild);
        }
      });
    });
    state.groups = [];
  }

  function refreshControls() {
    const live = canSend();
    state.groups.forEach(function (group) {
      group.buttons.forEach(function (button) { button.disabled = !live; });
      group.inputs.forEach(function (box) { box.disabled = !live; });
    });
    ui.send.disabled = !live;
  }

  function openLink(href) {
    return el("a", "rw-btn rw-btn-primary", {href: href, target: "_blank", rel: "noopener"}, [
      icon("external"), el("span", null, {text: t(mode === "bubble" ? "export_full_size" : "export_page")}),
      srText(" " + t("new_tab")),
    ]);
  }

  /** The finished journey: a wide card holding the server-rendered map and the export links. */
  function journeyCard(custom, live) {
    const exports = custom.journey.exports && typeof custom.journey.exports === "object" ? custom.journey.exports : {};
    const links = [];
    const html = safeUrl(exports.html);
    if (html) links.push(openLink(html));
    const downloads = [["pdf", "PDF", "export_pdf"], ["md", "Markdown", "export_md"], ["json", "JSON", "export_json"]]
      .map(function (kind) {
        const url = safeUrl(exports[kind[0]]);
        return url ? el("a", "rw-download", {href: url, download: true, "aria-label": t(kind[2]), title: t(kind[2])},
          [icon("download"), el("span", null, {text: kind[1]})]) : null;
      }).filter(Boolean);
    if (downloads.length) {
      links.push(el("div", "rw-downloads", {role: "group", "aria-label": t("download_label")},
        [el("span", "rw-downloads-label", {"aria-hidden": "true", text: t("download_label")})].concat(downloads)));
    }
    const hasMap = typeof custom.map_html === "string" && custom.map_html.trim() !== "";
    const head = el("div", "rw-journey-head", null, [
      el("p", "rw-journey-title", null, [el("span", "rw-journey-check", null, [icon("check")]),
        el("span", null, {text: hasMap || !custom.trimmed ? t("journey_ready") : t("journey_older")})]),
      links.length ? el("div", "rw-exports-bar", null, links) : null,
    ]);
    const card = el("section", "rw-journey", {"aria-label": t("journey_ready")}, [head]);
    let holder = null;
    if (hasMap) {
      // its own region, out of the live log's announcements: the whole map read aloud would be too much
      holder = el("div", "rw-map-host", {"aria-live": "off", role: "region", "aria-label": t("journey_map_label")});
      card.appendChild(holder);
      const fill = function () {                       // server-rendered, escaped there
        holder.innerHTML = custom.map_html;
        if (card.classList.contains("rw-outdated")) dropLinks();
      };
      if (live) window.requestAnimationFrame(fill); else fill();
    }
    const row = el("div", "rw-row rw-card" + (live ? " rw-anim" : ""), null, [card]);
    function dropLinks() { // the export bar, and the map's own line of links
      card.querySelectorAll(".rw-exports-bar, .rw-exports").forEach(function (node) { node.remove(); });
    }
    // a newer journey came (an answer was changed): this one says so, its export links are gone (the
    // server serves only the newest), and its map folds away behind a button
    row.rwOutdate = function () {
      row.rwOutdate = null;
      card.classList.add("rw-outdated");
      card.setAttribute("aria-label", t("journey_older"));
      head.querySelector(".rw-journey-title span:last-child").textContent = t("journey_older");
      dropLinks();
      if (!holder) return;
      holder.hidden = true;
      holder.id = "rw-map-" + (++mapCount);
      const toggle = el("button", "rw-btn rw-btn-quiet rw-map-toggle",
        {type: "button", "aria-expanded": "false", "aria-controls": holder.id, text: t("journey_older_show")});
      toggle.addEventListener("click", function () {
        holder.hidden = !holder.hidden;
        toggle.setAttribute("aria-expanded", String(!holder.hidden));
        toggle.textContent = t(holder.hidden ? "journey_older_show" : "journey_older_hide");
      });
      head.appendChild(toggle);
    };
    return row;
  }

  function renderProgress() {
    const p = state.progress;
    if (!p) {
      ui.progress.hidden = true;
      ui.subtitle.hidden = false;
      return;
    }
    const step = Math.max(0, Math.min(p.step, p.of));
    const label = t("progress", {step: step, of: p.of});
    ui.progressText.textContent = label;
    ui.progressBar.setAttribute("aria-valuemax", String(p.of));
    ui.progressBar.setAttribute("aria-valuenow", String(step));
    ui.progressBar.setAttribute("aria-valuetext", label);
    ui.progressBar.setAttribute("aria-label", label);
    ui.progressFill.style.width = (100 * step / p.of).toFixed(1) + "%";
    ui.progress.hidden = false;
    ui.subtitle.hidden = true;
  }

  // ---- the typing dots and the connection notice -----------------------------------------------------
  function setAwaiting(on) {
    state.awaiting = on;
    clearTimeout(replyTimer);
    if (!ui) return;
    ui.typing.textContent = "";
    if (on) {
      ui.typing.appendChild(el("span", "rw-dots", {"aria-hidden": "true"}, [el("span"), el("span"), el("span")]));
      ui.typing.appendChild(srText(t("typing")));
      replyTimer = setTimeout(function () {
        setAwaiting(false);
        ui.log.appendChild(el("div", "rw-row rw-bot rw-local-note rw-anim", null, [
          el("div", "rw-bubble", {text: t("no_reply")})]));
        scrollToBottom();
      }, REPLY_TIMEOUT_MS);
    }
  }

  function updateNotice() {
    if (!ui) return;
    refreshControls();
    clearTimeout(noticeTimer);
    const trying = state.socket || state.loading;
    if (canSend() || !trying) {
      ui.notice.textContent = "";
      ui.root.classList.remove("rw-offline");
      return;
    }
    noticeTimer = setTimeout(function () {
      ui.notice.textContent = state.everConnected ? t("reconnecting") : t("connecting");
      ui.root.classList.add("rw-offline");
    }, NOTICE_DELAY_MS);
  }

  // ---- items in, items out -------------------------------------------------------------------------------
  function addItem(item) {
    state.items.push(item);
    if (state.items.length > MAX_ITEMS) state.items = state.items.slice(-MAX_ITEMS);
    save();
  }

  function save() {
    if (transcriptEmpty()) {
      storageRemove("localStorage", K_TRANSCRIPT);
      return;
    }
    let items = state.items.slice(-MAX_ITEMS);
    for (let attempt = 0; attempt < 6; attempt++) {
      if (storageSet("localStorage", K_TRANSCRIPT, JSON.stringify({v: 1, items: items}))) return;
      items = shrink(items); // over the storage quota: older maps go first, then older items
    }
  }

  function shrink(items) {
    let lastJourney = -1;
    items.forEach(function (item, index) { if (item.t === "bot" && journeyOf(item.m)) lastJourney = index; });
    let trimmed = false;
    const out = items.map(function (item, index) {
      const custom = item.t === "bot" && journeyOf(item.m);
      if (!custom || index === lastJourney || !custom.map_html) return item;
      trimmed = true;
      return {t: "bot", m: {custom: {journey: {exports: custom.journey.exports || null}, map_html: null, trimmed: true}}};
    });
    return trimmed ? out : items.slice(Math.floor(items.length / 2));
  }

  function addWelcome() {
    if (onboarding || !transcriptEmpty() || state.items.length) return;
    state.items.push({t: "bot", local: true, m: {
      text: t("welcome"),
      quick_replies: [{title: t("welcome_start"), payload: "/start_journey"}, {title: t("welcome_help"), payload: "/help"}],
    }});
  }

  /** Sends a message; `shown` is the user's bubble (null: a command sent on the user's behalf, not shown). */
  function sendMessage(message, shown) {
    if (!canSend() || typeof message !== "string" || !message) return false;
    const metadata = {ui_language: lang};
    if (portalRef) metadata.portal_ref = portalRef;
    const prefill = state.journeyDone ? null : currentPrefill();
    if (prefill) metadata.prefill = prefill;
    if (shown === null || shown === undefined) {
      closeGroups(null);
      addItem({t: "hidden", text: message});
    } else {
      closeGroups(shown);
      const item = {t: "user", text: shown};
      addItem(item);
      ui.log.appendChild(userRow(shown, true));
    }
    state.socket.emit("user_uttered", {message: message, session_id: state.sessionId, metadata: metadata});
    setAwaiting(true);
    scrollToBottom();
    return true;
  }

  function submitInput() {
    const text = ui.input.value.trim().slice(0, MAX_MESSAGE);
    if (!text) return;
    if (!canSend()) {
      // still connecting: the text stays in the box and goes out as soon as the session is confirmed
      state.pendingSubmit = true;
      updateNotice();
      return;
    }
    state.pendingSubmit = false;
    if (sendMessage(text, text)) {
      ui.input.value = "";
      autosize();
    }
  }

  function onBotUttered(message) {
    if (!message || typeof message !== "object" || Array.isArray(message)) return;
    if (!ui) return;
    setAwaiting(false);
    const stick = nearBottom();
    const item = {t: "bot", m: message};
    const journey = renderBot(message, true);
    addItem(item);
    renderProgress();
    refreshControls();
    if (journey) {
      // the map's top in view, not its bottom (after the map is filled in, in the frame queued before)
      const card = lastCard;
      window.requestAnimationFrame(function () {
        if (card && card.isConnected) ui.scroller.scrollTop = Math.max(0, card.offsetTop - 12);
      });
      document.dispatchEvent(new CustomEvent("reiswijzer:journey", {
        detail: {journey: journey.journey, sessionId: state.sessionId, portalRef: portalRef}, bubbles: true,
      }));
    } else if (stick) {
      scrollToBottom();
    }
    if (mode === "bubble" && !state.open) setUnread(true);
  }

  // ---- the connection ------------------------------------------------------------------------------------
  function connect() {
    if (state.socket || state.loading) return;
    state.loading = true;
    updateNotice();
    loadSocketIo(function (io) {
      state.loading = false;
      const socket = io(baseUrl.origin, {path: SOCKET_PATH, reconnectionDelayMax: 10000});
      state.socket = socket;
      socket.on("connect", function () {
        connectRetries = 0;
        state.connected = true;
        state.confirmed = false;
        socket.emit("session_request", {session_id: state.sessionId || null});
        updateNotice();
      });
      socket.on("session_confirm", function (confirmed) {
        const id = confirmed && typeof confirmed === "object" ? confirmed.session_id : confirmed;
        if (typeof id !== "string" || !id) return;
        if (state.sessionId && id !== state.sessionId) {
          // the server started another conversation: the stored transcript is not this one's
          state.items = [];
          addWelcome();
          rerender();
        }
        state.sessionId = id;
        storageSet("localStorage", K_SESSION, id);
        state.confirmed = true;
        state.everConnected = true;
        updateNotice();
        if (state.pendingStart || (onboarding && transcriptEmpty())) {
          state.pendingStart = false;
          state.items = state.items.filter(function (item) { return !item.local; });
          if (!state.items.length) rerender();
          sendMessage("/start_journey", null);
        } else if (state.pendingSubmit && ui) {
          submitInput();
        }
      });
      socket.on("bot_uttered", onBotUttered);
      socket.on("disconnect", function (reason) {
        state.connected = false;
        state.confirmed = false;
        if (state.awaiting) setAwaiting(false);
        updateNotice();
        if (reason === "io server disconnect") retryConnect(socket); // the client does not retry this itself
      });
      socket.on("connect_error", function () {
        updateNotice();
        if (!socket.active) retryConnect(socket); // refused by the server: no automatic retry either
      });
    });
  }

  let connectRetries = 0;
  let connectTimer = 0;
  function retryConnect(socket) {
    clearTimeout(connectTimer);
    connectRetries += 1;
    connectTimer = setTimeout(function () {
      if (!socket.connected && !socket.active) socket.connect();
    }, Math.min(30000, 1000 * Math.pow(2, Math.min(connectRetries, 5))));
  }

  let ioRetry = 0;
  function loadSocketIo(done) {
    if (typeof window.io === "function" && Number(window.io.protocol) >= 5) {
      done(window.io);
      return;
    }
    const previous = window.io; // an older socket.io on the host page keeps its window.io
    const tag = document.createElement("script");
    tag.src = BASE + "/webchat/socket.io.min.js";
    tag.async = true;
    tag.onload = function () {
      const ours = window.io;
      if (previous !== undefined) window.io = previous;
      if (typeof ours === "function") done(ours); else retry();
    };
    tag.onerror = retry;
    function retry() {
      tag.remove();
      ioRetry += 1;
      setTimeout(function () { loadSocketIo(done); }, Math.min(30000, 2000 * ioRetry));
    }
    (document.head || document.documentElement).appendChild(tag);
  }

  // ---- open, close, confirm ------------------------------------------------------------------------------
  function setUnread(on) {
    state.unread = on;
    if (!ui || !ui.launcher) return;
    ui.root.classList.toggle("rw-has-unread", on);
    ui.launcher.setAttribute("aria-label", on ? t("bubble_open") + " (" + t("bubble_unread") + ")" : t("bubble_open"));
  }

  function open(options) {
    const focus = !options || options.focus !== false;
    whenReady(function () {
      connect();
      if (mode === "bubble" && !state.open) {
        state.open = true;
        ui.root.classList.add("rw-open");
        ui.launcher.setAttribute("aria-expanded", "true");
        storageSet("sessionStorage", K_OPEN, "1");
        setUnread(false);
        scrollToBottom();
      }
      if (focus) focusInput();
    });
  }

  function close() {
    whenReady(function () {
      if (mode !== "bubble" || !state.open) return;
      const hadFocus = ui.root.contains(ui.root.getRootNode().activeElement);
      state.open = false;
      hideConfirm();
      ui.root.classList.remove("rw-open");
      ui.launcher.setAttribute("aria-expanded", "false");
      storageRemove("sessionStorage", K_OPEN);
      if (hadFocus) ui.launcher.focus();
    });
  }

  function toggle() {
    if (state.open) close(); else open();
  }

  function showConfirm() {
    ui.confirm.hidden = false;
    ui.confirmNo.focus();
  }

  function hideConfirm() {
    if (ui.confirm.hidden) return;
    const inside = ui.confirm.contains(ui.root.getRootNode().activeElement);
    ui.confirm.hidden = true;
    if (inside) ui.newButton.focus();
  }

  function start() {
    open();
    whenReady(function () {
      if (canSend()) sendMessage("/start_journey", null);
      else state.pendingStart = true;
    });
  }

  function reset() {
    whenReady(function () {
      storageRemove("localStorage", K_SESSION);
      storageRemove("localStorage", K_TRANSCRIPT);
      storageRemove("localStorage", K_LANG);
      state.sessionId = null;
      if (lang !== initialLang) {
        lang = initialLang;
        ui.applyLabels();
      }
      state.items = [];
      setAwaiting(false);
      addWelcome();
      rerender();
      if (state.socket) {
        // a new connection asks for a new session (a fresh socket also leaves the old conversation's room)
        state.confirmed = false;
        state.socket.disconnect();
        state.socket.connect();
        updateNotice();
      } else if (mode === "page" || state.open) {
        connect();
      }
    });
  }

  function prefill(values) {
    if (!values || typeof values !== "object" || Array.isArray(values)) return;
    const plain = copy(values);
    if (plain) Object.keys(plain).forEach(function (key) { prefillData[key] = plain[key]; });
  }

  const queue = [];
  function whenReady(fn) {
    if (state.ready) fn(); else queue.push(fn);
  }

  // another tab of the same site wrote the conversation: show the same
  window.addEventListener("storage", function (event) {
    if (!state.ready || (event.key !== K_TRANSCRIPT && event.key !== K_SESSION)) return;
    if (event.key === K_SESSION) {
      // follow the other tab's (new) conversation; a removed id is followed by the new one shortly
      const id = event.newValue || null;
      if (id && id !== state.sessionId) {
        state.sessionId = id;
        if (state.socket && state.connected) {
          state.confirmed = false;
          state.socket.emit("session_request", {session_id: id});
        }
      }
      return;
    }
    state.items = readItems();
    addWelcome();
    rerender();
  });

  function init() {
    build();
    state.ready = true;
    addWelcome();
    rerender();
    updateNotice();
    if (onboarding && transcriptEmpty()) setAwaiting(true); // the first question is on its way
    if (mode === "page") {
      connect();
      if (window.matchMedia && window.matchMedia("(pointer: fine)").matches) focusInput();
    } else if (onboarding || storageGet("sessionStorage", K_OPEN)) {
      open({focus: false}); // opened by the page, not by the user: don't take the focus
    }
    queue.splice(0).forEach(function (fn) { fn(); });
    document.dispatchEvent(new CustomEvent("reiswijzer:ready", {bubbles: true}));
  }

  window.Reiswijzer = {
    __reiswijzer: true,
    open: function () { open(); },
    close: function () { close(); },
    toggle: function () { toggle(); },
    prefill: prefill,
    start: start,
    reset: reset,
    sessionId: function () { return state.sessionId; },
  };

  if (document.body) init();
  else document.addEventListener("DOMContentLoaded", init);
})();
