/* Switchboard chat widget, no build step: <script src="https://chat.example.com/widget.js" defer></script>
   Optional: data-server="wss://chat.example.com/ws" data-title="Chat with us". Text is only set with textContent. */
(function () {
  'use strict';
  if (window.SwitchboardWidget) return;
  var me = document.currentScript;
  var src = new URL(me && me.src ? me.src : location.href, location.href);
  function opt(n, d) { return (me && me.getAttribute('data-' + n)) || d; }
  var URL_WS = opt('server', (src.protocol === 'https:' ? 'wss://' : 'ws://') + src.host + '/ws');
  var TITLE = opt('title', 'Chat with us');
  var KEY = 'switchboard:' + URL_WS;
  var S = read() || {n: 0, seq: 0, seqs: [], log: [], pending: []};
  var ws = null, live = false, resuming = false, sent = {}, stopped = false, tries = 0, timer = null, pinger = null, typingAt = 0, typingOff = null;

  function read() { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch (e) { return null; } }
  function save() {
    if (S.seqs.length > 600) S.seqs = S.seqs.slice(-600);
    try { sessionStorage.setItem(KEY, JSON.stringify(S)); } catch (e) { /* private mode: memory only */ }
  }

  /* ---- DOM ---- */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function add(parent) { for (var i = 1; i < arguments.length; i++) parent.appendChild(arguments[i]); return parent; }
  var css = ('${position:fixed;right:20px;bottom:20px;z-index:2147483000;font:15px/1.4 system-ui,sans-serif;color:#1d2430}' +
    '$ *{box-sizing:border-box}$ [hidden]{display:none!important}$ button{font:inherit;cursor:pointer}' +
    '$ .sbw-launch{background:#2457d6;color:#fff;border:0;border-radius:24px;padding:12px 20px;box-shadow:0 4px 14px #0003}' +
    '$ button:focus-visible,$ textarea:focus-visible,$ input:focus-visible{outline:3px solid #f5a623;outline-offset:2px}' +
    '$-panel{width:340px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 40px);background:#fff;border-radius:12px;' +
    'box-shadow:0 8px 30px #0004;display:flex;flex-direction:column;overflow:hidden}' +
    '$ header{background:#2457d6;color:#fff;padding:10px 12px;display:flex;gap:8px;align-items:flex-start}' +
    '$ header div{flex:1}$ h2{font-size:16px;margin:0}$-status{margin:2px 0 0;font-size:13px;opacity:.95}' +
    '$ header button{background:#fff2;color:#fff;border:0;border-radius:6px;padding:3px 8px}' +
    '$ .sbw-scroll{flex:1;overflow-y:auto;background:#f5f7fb;padding:0 10px}$ ol{list-style:none;margin:0;padding:0}' +
    '$ li{margin:6px 0;max-width:85%;padding:7px 10px;border-radius:10px;background:#fff;border:1px solid #dde3ee;white-space:pre-wrap;overflow-wrap:anywhere}' +
    '$ li.sbw-customer{margin-left:auto;background:#dbe6ff;border-color:#bccdf7}' +
    '$ li.sbw-system,$ li.sbw-notice{max-width:100%;background:none;border:0;text-align:center;color:#556;font-size:13px;font-style:italic}' +
    '$ .sbw-pending{opacity:.6}$ li b{display:block;font-size:12px;color:#445}' +
    '$-typing{min-height:20px;margin:0;padding:0 12px;font-size:13px;color:#556}' +
    '$ form{display:flex;flex-direction:column;gap:6px;padding:8px 10px;border-top:1px solid #dde3ee}' +
    '$ form div{display:flex;gap:6px}$ textarea,$ input{flex:1;font:inherit;border:1px solid #aab4c6;border-radius:8px;padding:6px 8px;resize:none}' +
    '$ .sbw-send,$ .sbw-rate button.sbw-go{background:#2457d6;color:#fff;border:0;border-radius:8px;padding:6px 12px}' +
    '$ .sbw-rate{border:0;margin:0;padding:8px 10px;border-top:1px solid #dde3ee}$ legend{font-weight:600;padding:0}' +
    '$ .sbw-stars button{background:none;border:0;font-size:26px;color:#b9c0cc;padding:0 3px}' +
    '$ .sbw-stars button[aria-pressed=true]{color:#f5a623}$ .sbw-rate textarea{width:100%;margin:4px 0}' +
    '$ .sbw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}').replace(/\$/g, '#sbw');
  var root = el('div', {id: 'sbw'});
  root.appendChild(el('style', null, css));
  var launch = el('button', {'class': 'sbw-launch', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'sbw-panel'}, TITLE);
  var panel = el('section', {id: 'sbw-panel', role: 'dialog', 'aria-labelledby': 'sbw-title', hidden: ''});
  var head = el('header');
  var hd = el('div');
  hd.appendChild(el('h2', {id: 'sbw-title'}, TITLE));
  var status = el('p', {id: 'sbw-status', role: 'status', 'aria-live': 'polite'}, 'We usually answer within minutes.');
  hd.appendChild(status);
  var endBtn = el('button', {type: 'button', hidden: ''}, 'End chat');
  var minBtn = el('button', {type: 'button', 'aria-label': 'Minimise chat'}, '\u2013');
  add(head, hd, endBtn, minBtn);
  var log = el('ol', {id: 'sbw-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation'});
  // Writes not yet confirmed: outside the live log, so nothing is announced twice.
  var out = el('ol', {'class': 'sbw-pending', 'aria-hidden': 'true'});
  var scroll = add(el('div', {'class': 'sbw-scroll', tabindex: '0', 'aria-label': 'Conversation'}), log, out), shown = 0;
  var typing = el('p', {id: 'sbw-typing', 'aria-live': 'polite'});
  var form = el('form', {'aria-label': 'Send a message'});
  var nameRow = el('div');
  nameRow.appendChild(el('label', {'for': 'sbw-name', 'class': 'sbw-sr'}, 'Your name (optional)'));
  var name = el('input', {id: 'sbw-name', autocomplete: 'name', maxlength: '64', placeholder: 'Your name (optional)'});
  nameRow.appendChild(name);
  var row = el('div');
  row.appendChild(el('label', {'for': 'sbw-input', 'class': 'sbw-sr'}, 'Message'));
  var input = el('textarea', {id: 'sbw-input', rows: '2', maxlength: '8000', placeholder: 'Type your message and press Enter'});
  row.appendChild(input);
  row.appendChild(el('button', {type: 'submit', 'class': 'sbw-send'}, 'Send'));
  add(form, nameRow, row);
  var rate = el('fieldset', {'class': 'sbw-rate', hidden: ''});
  rate.appendChild(el('legend', null, 'How was this chat?'));
  var stars = el('div', {'class': 'sbw-stars'}), score = 0;
  for (var i = 1; i <= 5; i++) {
    (function (n) {
      var b = el('button', {type: 'button', 'aria-pressed': 'false', 'aria-label': n + ' out of 5'}, '\u2605');
      b.onclick = function () { score = n; [].forEach.call(stars.children, function (c, j) { c.setAttribute('aria-pressed', String(j < n)); }); rateGo.disabled = false; };
      stars.appendChild(b);
    })(i);
  }
  rate.appendChild(stars);
  var comment = el('textarea', {rows: '2', 'aria-label': 'Comment (optional)', placeholder: 'Comment (optional)', maxlength: '2000'});
  rate.appendChild(comment);
  var rateGo = el('button', {type: 'button', 'class': 'sbw-go', disabled: ''}, 'Send rating');
  rate.appendChild(rateGo);
  var again = el('button', {type: 'button', 'class': 'sbw-send', hidden: ''}, 'Start a new chat');
  add(panel, head, scroll, typing, form, rate, again);
  add(root, launch, panel);

  function show(open) {
    S.open = open; save();
    panel.hidden = !open; launch.hidden = open;
    launch.setAttribute('aria-expanded', String(open));
    if (open) { scroll.scrollTop = scroll.scrollHeight; (form.hidden ? (rate.hidden ? again : stars.firstChild) : input).focus(); }
  }
  launch.onclick = function () { show(true); };
  minBtn.onclick = function () { show(false); launch.focus(); };
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') { show(false); launch.focus(); } });

  function line(entry) {
    var li = el('li', {'class': 'sbw-' + entry.role, dir: 'auto'});
    if (entry.role === 'agent') li.appendChild(el('b', null, entry.who));
    if (entry.role === 'customer') li.appendChild(el('b', {'class': 'sbw-sr'}, 'You'));
    li.appendChild(document.createTextNode(entry.text));
    return li;
  }
  function render() {
    // Only new entries are added to the live log (a rebuilt log would be read out again).
    if (S.log.length < shown) { log.textContent = ''; shown = 0; }
    S.log.slice(shown).forEach(function (e) { log.appendChild(line(e)); });
    shown = S.log.length;
    out.textContent = '';
    S.pending.forEach(function (f) { if (f.text) out.appendChild(line({role: 'customer', text: f.text})); });
    var cs = S.cs, t;
    if (!S.chat) t = live || !S.token ? 'Ask us anything: we usually answer within minutes.' : 'Connecting\u2026';
    else if (cs === 'queued') t = 'You are number ' + (S.pos || 1) + ' in the queue' + (S.wait ? ' (about ' + S.wait + ' min)' : '') + '. Please hold on.';
    else if (cs === 'active') t = 'You are chatting with ' + (S.agent || 'an agent') + (S.hold ? ' (on hold, back soon)' : '');
    else if (cs === 'closed') t = 'This chat has ended.';
    else t = 'Starting your chat\u2026';
    if (S.chat && !live && !stopped && cs !== 'closed') t += ' Reconnecting\u2026';
    if (status.textContent !== t) status.textContent = t;
    var closed = cs === 'closed';
    form.hidden = closed; nameRow.hidden = !!S.chat || !!S.token;
    endBtn.hidden = !S.chat || closed;
    rate.hidden = !closed || !!S.rated;
    again.hidden = !closed || !S.rated;
    if (closed) typing.textContent = '';
    scroll.scrollTop = scroll.scrollHeight;
  }

  /* ---- protocol ---- */
  function context() {
    var c = {page: location.href, title: document.title, referrer: document.referrer, lang: navigator.language}, q;
    [location.href, document.referrer].some(function (u) {
      try { var p = new URL(u).searchParams; q = p.get('q') || p.get('query') || p.get('search') || p.get('s') || p.get('keywords'); } catch (e) { /* none */ }
      return q;
    });
    if (q) c.query = q;
    for (var k in c) { if (!c[k]) delete c[k]; else c[k] = String(c[k]).slice(0, 512); }
    return c;
  }
  function connect() {
    if (ws || stopped) return;
    clearTimeout(timer);
    try { ws = new WebSocket(URL_WS); } catch (e) { ws = null; return retry(); }
    ws.onopen = function () {
      var h = {type: 'hello', id: 'hello', role: 'customer', context: context()};
      var n = (name.value || S.name || '').trim();
      if (n) h.name = S.name = n.slice(0, 64);
      resuming = !!S.token; sent = {};
      if (S.token) { h.resume = S.token; h.after = S.seq; }
      ws.send(JSON.stringify(h));
    };
    ws.onmessage = function (e) { var f; try { f = JSON.parse(e.data); } catch (x) { return; } handle(f); save(); render(); };
    ws.onclose = function () {
      ws = null; live = false; clearInterval(pinger);
      render(); retry();
    };
  }
  function retry() {
    if (stopped) return;
    var delay = Math.min(30000, 1000 * Math.pow(2, tries++)) * (0.75 + Math.random() / 2);
    timer = setTimeout(connect, delay);
  }
  function send(f) { if (ws && live) { if (f.cid) sent[f.cid] = 1; ws.send(JSON.stringify(f)); } }
  // Each pending write goes out once per connection; after a reconnect it is sent again with the same cid.
  function flush() { S.pending.forEach(function (f) { if ((f.type === 'open' || f.chat) && !sent[f.cid]) send(f); }); }
  function opened(chat) {
    S.chat = chat;
    S.pending.forEach(function (q) { if (q.type === 'say' && !q.chat) q.chat = chat; });
    flush();
  }
  function write(f) {
    f.cid = f.id = 'w' + (++S.n) + '.' + Math.random().toString(36).slice(2, 8);
    S.pending.push(f); save(); render();
    flush();
    connect();
  }
  function settle(cid) { S.pending = S.pending.filter(function (p) { return p.cid !== cid; }); }
  function pendingOf(cid) { return S.pending.filter(function (p) { return p.cid === cid; })[0]; }
  function fresh(seq) {
    if (seq == null) return true;
    if (S.seqs.indexOf(seq) >= 0) return false;
    S.seqs.push(seq); if (seq > S.seq) S.seq = seq;
    return true;
  }
  function note(seq, text) { S.log.push({seq: seq, role: 'notice', text: text}); }
  function handle(f) {
    var p;
    switch (f.type) {
      case 'welcome':
        if (S.store && f.store !== S.store) { S.seq = 0; S.seqs = []; }
        S.store = f.store; S.token = f.token; live = true; tries = 0;
        pinger = setInterval(function () { send({type: 'ping'}); }, 30000);
        // After a resuming hello, pending writes wait for the replay (they may be in it already).
        if (!resuming) flush();
        break;
      case 'resumed': if (f.seq > S.seq) S.seq = f.seq; flush(); break;
      case 'chat':
        if (!fresh(f.seq)) break;
        p = f.cid && pendingOf(f.cid);
        if (p && p.type === 'open') { settle(f.cid); opened(f.chat); }
        if (f.chat !== S.chat) break;
        if (f.agent && f.agent.name !== S.agent && f.state === 'active') note(f.seq, f.agent.name + ' joined the chat');
        if (f.state === 'closed' && S.cs !== 'closed') note(f.seq, f.reason === 'customer_left' ? 'You ended the chat.' : (S.agent || 'The agent') + ' closed the chat.');
        S.cs = f.state; S.pos = f.position; S.wait = f.estimatedWaitMinutes; S.hold = !!f.hold;
        if (f.agent) S.agent = f.agent.name;
        if (f.rating || f.reason === 'abusive') S.rated = true; /* nothing to rate: the server refuses an abusive chat's rating */
        break;
      case 'message':
        if (!fresh(f.seq) || f.internal || f.chat !== S.chat) break;
        if (f.cid) settle(f.cid);
        S.log.push({seq: f.seq, role: f.from.role === 'customer' ? 'customer' : f.from.role === 'system' || f.automatic ? 'system' : 'agent',
          who: f.from.name, text: f.text});
        if (f.from.role !== 'customer') typing.textContent = '';
        break;
      case 'typing':
        if (f.chat !== S.chat) break;
        typing.textContent = f.on ? f.from.name + ' is typing\u2026' : '';
        clearTimeout(typingOff);
        typingOff = setTimeout(function () { typing.textContent = ''; }, 8000);
        break;
      case 'ok':
        p = pendingOf(f.re);
        if (!p) break;
        settle(f.re);
        if (p.type === 'open') opened(f.chat);
        if (p.type === 'rate') S.rated = true;
        break;
      case 'error':
        if (f.re === 'hello' || (f.re == null && (f.code === 'auth_failed' || f.code === 'banned'))) {
          if (f.code === 'banned') { stopped = true; status.textContent = 'Chat is not available right now.'; }
          else { S.token = null; S.seq = 0; S.seqs = []; S.chat = null; S.cs = null; }
          break;
        }
        p = f.re != null && pendingOf(f.re);
        if (!p) break;
        if (f.code === 'rate_limited' || f.code === 'unavailable') { setTimeout(function () { if (pendingOf(p.cid)) send(p); }, 2000); break; }
        settle(f.re);
        note(null, (p.text ? 'Not sent: ' : '') + f.message);
        if (p.type === 'rate' && f.code === 'conflict') S.rated = true;
        break;
    }
  }

  form.onsubmit = function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    stopTyping();
    if (S.chat) write({type: 'say', chat: S.chat, text: text});
    else if (S.pending.some(function (q) { return q.type === 'open'; })) write({type: 'say', chat: null, text: text});
    else { S.name = name.value.trim().slice(0, 64) || S.name; write({type: 'open', text: text}); }
  };
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.onsubmit(e); }
  });
  function stopTyping() { if (typingAt && S.chat) send({type: 'typing', chat: S.chat, on: false}); typingAt = 0; }
  input.addEventListener('input', function () {
    if (!S.chat || S.cs === 'closed') return;
    if (!input.value) return stopTyping();
    if (Date.now() - typingAt > 3000) { typingAt = Date.now(); send({type: 'typing', chat: S.chat, on: true}); }
  });
  endBtn.onclick = function () { if (S.chat) write({type: 'close', chat: S.chat}); };
  rateGo.onclick = function () {
    if (!score) return;
    var f = {type: 'rate', chat: S.chat, score: score};
    if (comment.value.trim()) f.comment = comment.value.trim();
    write(f); rateGo.disabled = true;
  };
  again.onclick = function () {
    S.chat = S.cs = S.agent = S.pos = null; S.rated = false; S.log = []; score = 0; comment.value = '';
    [].forEach.call(stars.children, function (c) { c.setAttribute('aria-pressed', 'false'); });
    save(); render(); input.focus();
  };
  window.addEventListener('online', function () { if (!ws) { tries = 0; connect(); } });

  function start() {
    if (S.log.length > 300) S.log = S.log.slice(-300);
    document.body.appendChild(root);
    render(); show(!!S.open);
    if (S.token) connect();
  }
  window.SwitchboardWidget = {open: function () { show(true); }, close: function () { show(false); }};
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
