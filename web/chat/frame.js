/* loyaldesk chat page (the widget's frame): begins a chat, follows it live
 * over Server-Sent Events and writes in it, through the visitor's side of
 * the API (docs/chat.md). The chat's token is kept in this frame's
 * storage, so a reload (or the next page of the same site) goes on with
 * the same chat until it is closed. */
(function () {
  'use strict';
  var TEXTS = {
    en: { name: 'Your name', email: 'E-mail (so we know you next time)', message: 'How can we help?',
          start: 'Start chat', send: 'Send', end: 'End chat', closed: 'This chat has ended.',
          again: 'New chat', you: 'You', bot: 'Assistant', title: 'Chat with us', failed: 'Sending failed.' },
    cs: { name: 'Vaše jméno', email: 'E-mail (abychom vás příště poznali)', message: 'S čím vám můžeme pomoci?',
          start: 'Začít chat', send: 'Odeslat', end: 'Ukončit chat', closed: 'Chat skončil.',
          again: 'Nový chat', you: 'Vy', bot: 'Asistent', title: 'Napište nám', failed: 'Odeslání se nezdařilo.' },
    de: { name: 'Ihr Name', email: 'E-Mail (damit wir Sie wiedererkennen)', message: 'Wie können wir helfen?',
          start: 'Chat beginnen', send: 'Senden', end: 'Chat beenden', closed: 'Der Chat ist beendet.',
          again: 'Neuer Chat', you: 'Sie', bot: 'Assistent', title: 'Schreiben Sie uns', failed: 'Senden fehlgeschlagen.' },
    pl: { name: 'Imię i nazwisko', email: 'E-mail (abyśmy Państwa rozpoznali)', message: 'W czym możemy pomóc?',
          start: 'Rozpocznij czat', send: 'Wyślij', end: 'Zakończ czat', closed: 'Czat został zakończony.',
          again: 'Nowy czat', you: 'Ty', bot: 'Asystent', title: 'Napisz do nas', failed: 'Nie udało się wysłać.' },
    es: { name: 'Su nombre', email: 'Correo (para reconocerle la próxima vez)', message: '¿En qué podemos ayudarle?',
          start: 'Empezar chat', send: 'Enviar', end: 'Terminar chat', closed: 'El chat ha terminado.',
          again: 'Nuevo chat', you: 'Usted', bot: 'Asistente', title: 'Escríbanos', failed: 'No se pudo enviar.' },
    uk: { name: 'Ваше ім’я', email: 'E-mail (щоб ми впізнали вас наступного разу)', message: 'Чим можемо допомогти?',
          start: 'Почати чат', send: 'Надіслати', end: 'Завершити чат', closed: 'Чат завершено.',
          again: 'Новий чат', you: 'Ви', bot: 'Асистент', title: 'Напишіть нам', failed: 'Не вдалося надіслати.' }
  };
  var query = new URLSearchParams(location.search);
  var widget = query.get('widget');
  var lang = (query.get('lang') || navigator.language || 'en').slice(0, 2).toLowerCase();
  if (!TEXTS[lang]) lang = 'en';
  var t = TEXTS[lang];
  var storeKey = 'loyaldesk-chat-' + widget;
  var $ = function (id) { return document.getElementById(id); };
  var token = null, source = null, seen = {};

  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach(function (el) { el.textContent = t[el.getAttribute('data-t')]; });
  $('title').textContent = t.title;
  $('end').textContent = t.end;

  function show(id, on) { $(id).hidden = !on; }
  function error(message) { $('error').textContent = message || ''; show('error', !!message); }

  function api(method, path, body) {
    return fetch('/api/v1/' + path, {
      method: method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j.error ? j.error.message : t.failed);
        return j;
      });
    });
  }

  function add(m) {
    if (seen[m.id]) return;
    seen[m.id] = true;
    var div = document.createElement('div');
    div.className = 'msg ' + m.author;
    div.dataset.id = m.id;
    if (m.author !== 'system') {
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = m.author === 'visitor' ? t.you : m.author === 'bot' ? t.bot : (m.name || '');
      div.appendChild(who);
    }
    div.appendChild(document.createTextNode(m.body));
    $('log').appendChild(div);
    $('log').scrollTop = $('log').scrollHeight;
  }

  function ended() {
    if (source) source.close();
    source = null;
    token = null;
    localStorage.removeItem(storeKey);
    show('say', false); show('end', false); show('closed', true);
  }

  function follow(tok) {
    token = tok;
    show('start', false); show('say', true); show('end', true); show('closed', false);
    source = new EventSource('/api/v1/chat/' + tok + '/events');
    source.addEventListener('message', function (e) { add(JSON.parse(e.data)); });
    source.addEventListener('closed', ended);
    source.onerror = function () {
      /* EventSource reconnects by itself (with Last-Event-ID); a chat that
       * is gone answers 404, and then there is nothing to follow. */
      api('GET', 'chat/' + tok).catch(function () { ended(); });
    };
  }

  $('start').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target;
    error('');
    api('POST', 'chats', {
      widget: widget, message: f.message.value, name: f.elements['name'].value || null,
      email: f.email.value || null, language: lang, page: query.get('page') || null
    }).then(function (j) {
      j.messages.forEach(add);
      localStorage.setItem(storeKey, j.token);
      f.message.value = '';
      follow(j.token);
    }).catch(function (err) { error(err.message); });
  });

  $('say').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = e.target.body, text = box.value;
    if (!token || !text.trim()) return;
    error('');
    api('POST', 'chat/' + token + '/messages', { body: text })
      .then(function (m) { box.value = ''; add(m); })
      .catch(function (err) { error(err.message); });
  });
  $('say').body.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('say').requestSubmit(); }
  });

  $('end').addEventListener('click', function () {
    if (token) api('POST', 'chat/' + token + '/close', {}).catch(function (err) { error(err.message); });
  });
  $('again').addEventListener('click', function () {
    $('log').textContent = ''; seen = {};
    show('closed', false); show('start', true);
  });

  var saved = localStorage.getItem(storeKey);
  if (saved) follow(saved);
})();
