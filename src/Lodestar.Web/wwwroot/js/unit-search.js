// Unit fields (OrgUnits/UnitField.razor) ask for a code; this offers the units found by name, accents optional, as a
// listbox under the input (ARIA combobox: arrows, Enter, Escape, or a click). Choosing one writes its code into the
// input, which the form posts as before: without this script the field still takes a code. Reads
// GET /api/v1/org-units?q= with the sign-in cookie, so only units of the reader's scope are offered.
(function () {
  if (window.lodestarUnitSearch) { return; }
  window.lodestarUnitSearch = true;

  function setup(input) {
    var list = document.getElementById(input.getAttribute('data-unit-search'));
    var hint = document.getElementById(input.id + '-hint');
    if (!list) { return; }
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var timer = null;
    var active = -1;
    var asked = 0;

    function options() { return list.querySelectorAll('[role=option]'); }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function mark(index) {
      var all = options();
      if (all.length === 0) { return; }
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) { all[i].setAttribute('aria-selected', i === active ? 'true' : 'false'); }
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    }

    function choose(option) {
      input.value = option.getAttribute('data-code');
      if (hint) { hint.textContent = option.getAttribute('data-name') + ' · ' + input.value; }
      close();
    }

    function show(units) {
      list.textContent = '';
      units.forEach(function (u, i) {
        var item = document.createElement('li');
        item.id = list.id + '-' + i;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        item.setAttribute('data-code', u.code);
        item.setAttribute('data-name', u.fullName || u.name);
        item.appendChild(document.createTextNode(u.fullName || u.name));
        var code = document.createElement('small');
        code.className = 'code';
        code.textContent = ' ' + u.code;
        item.appendChild(code);
        // mousedown, not click: the input's blur would close the list before a click lands.
        item.addEventListener('mousedown', function (e) { e.preventDefault(); choose(item); });
        list.appendChild(item);
      });
      list.hidden = units.length === 0;
      input.setAttribute('aria-expanded', units.length === 0 ? 'false' : 'true');
      active = -1;
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++asked;
      fetch('/api/v1/org-units?pageSize=10&q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (page) { if (mine === asked) { show(page.items || []); } })
        .catch(close);
    }

    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(search, 200); });
    input.addEventListener('blur', close);
    input.addEventListener('keydown', function (e) {
      if (list.hidden) { return; }
      if (e.key === 'ArrowDown') { e.preventDefault(); mark(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark(active - 1); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(options()[active]); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
  }

  function start() { document.querySelectorAll('input[data-unit-search]').forEach(setup); }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
