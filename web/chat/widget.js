/* loyaldesk chat widget: one script tag on a company's page,
 *   <script src="https://desk.example/chat/widget.js" data-widget="KEY" async></script>
 * adds a chat button; pressing it opens the desk's chat page in a frame
 * (/chat/frame), where everything else happens. Nothing here talks to the
 * API: the page that embeds it never sees the conversation. */
(function () {
  'use strict';
  var script = document.currentScript;
  var key = script && script.getAttribute('data-widget');
  if (!key || document.getElementById('loyaldesk-chat')) return;
  var base = new URL(script.src).origin;
  var lang = (script.getAttribute('data-language') || navigator.language || 'en').slice(0, 2);
  var open = false, frame = null;

  var button = document.createElement('button');
  button.id = 'loyaldesk-chat';
  button.type = 'button';
  button.textContent = script.getAttribute('data-label') || 'Chat';
  button.setAttribute('aria-expanded', 'false');
  var bs = button.style;
  bs.position = 'fixed'; bs.right = '20px'; bs.bottom = '20px'; bs.zIndex = '2147483000';
  bs.padding = '12px 18px'; bs.border = '0'; bs.borderRadius = '24px'; bs.cursor = 'pointer';
  bs.background = '#1f4e79'; bs.color = '#fff'; bs.font = '600 15px system-ui, sans-serif';
  bs.boxShadow = '0 2px 8px rgba(0,0,0,.25)';

  function toggle() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'loyaldesk-chat-frame';
      frame.title = 'Chat';
      frame.src = base + '/chat/frame?widget=' + encodeURIComponent(key) +
        '&lang=' + encodeURIComponent(lang) + '&page=' + encodeURIComponent(location.href);
      var fs = frame.style;
      fs.position = 'fixed'; fs.right = '20px'; fs.bottom = '76px'; fs.zIndex = '2147483000';
      fs.width = '360px'; fs.height = '520px'; fs.maxWidth = 'calc(100vw - 40px)';
      fs.maxHeight = 'calc(100vh - 100px)'; fs.border = '1px solid #c4cad1';
      fs.borderRadius = '8px'; fs.background = '#fff'; fs.boxShadow = '0 4px 16px rgba(0,0,0,.2)';
      document.body.appendChild(frame);
    }
    open = !open;
    frame.style.display = open ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(open));
  }
  button.addEventListener('click', toggle);
  function mount() { document.body.appendChild(button); }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
