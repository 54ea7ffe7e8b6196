// The browser's copy of the number reader (src/Lodestar/Common/NumberText.cs has the rule table): same rules, same
// messages, checked against it by a browser test (tests/Lodestar.Browser.Tests/Common/NumberInputTests.cs) on the
// cases of tests/Shared/NumberCases.cs. LodestarNumber.parse(text, { integer, english }) answers
// { ok, value, message } with the message in the page's language (english: true for English).
// Every input marked data-number (data-integer for a count) is checked when it loses focus or changes; a refusal
// shows next to it (role=alert, tied by aria-describedby) and goes when the text is fixed. The server checks again.
(function () {
  var spaces = [' ', '\t', '\u00A0', '\u202F'];

  function isDigit(c) { return c >= '0' && c <= '9'; }
  function isSpace(c) { return spaces.indexOf(c) >= 0; }
  function count(s, c) { return s.split(c).length - 1; }
  function trim(s) {
    var a = 0, b = s.length;
    while (a < b && isSpace(s[a])) { a++; }
    while (b > a && isSpace(s[b - 1])) { b--; }
    return s.slice(a, b);
  }
  function allDigits(s) { for (var i = 0; i < s.length; i++) { if (!isDigit(s[i])) { return false; } } return true; }
  function splitSpaces(s) { return s.split(/[ \t\u00A0\u202F]/); }

  // The digits before and after the decimal separator when the text follows the rules with these separators, else null.
  function strict(body, g, d) {
    var parts = body.split(d);
    if (parts.length > 2 || (parts.length === 2 && (parts[1].length === 0 || !allDigits(parts[1])))) { return null; }
    var head = parts[0];
    var frac = parts.length === 2 ? parts[1] : '';
    var hasG = head.indexOf(g) >= 0;
    var hasSpace = splitSpaces(head).length > 1;
    if (head.length === 0) { return frac.length > 0 ? { i: '0', f: frac } : null; }
    if (hasG && hasSpace) { return null; }
    if (!hasG && !hasSpace) { return allDigits(head) ? { i: head, f: frac } : null; }
    var groups = hasG ? head.split(g) : splitSpaces(head);
    var ok = groups[0].length >= 1 && groups[0].length <= 3 && groups.every(function (x, k) { return (k === 0 || x.length === 3) && allDigits(x); });
    return ok ? { i: groups.join(''), f: frac } : null;
  }

  function ambiguous(body, g, d) {
    var i = body.indexOf(d);
    if (i < 1 || i > 3 || body.length - i - 1 !== 3 || count(body, d) !== 1 || body.indexOf(g) >= 0) { return false; }
    for (var k = 0; k < body.length; k++) { if (!isDigit(body[k]) && body[k] !== d) { return false; } }
    return true;
  }

  function grouped(digits, g) {
    var out = '';
    for (var k = 0; k < digits.length; k++) {
      if (k > 0 && (digits.length - k) % 3 === 0) { out += g; }
      out += digits[k];
    }
    return out;
  }

  function refused(vi, en, english) { return { ok: false, value: null, message: english ? en : vi }; }

  function hint(t, body, sign, english, integer) {
    var g = english ? ',' : '.', d = english ? '.' : ',';
    var readings = [];
    var swapped = strict(body, d, g);
    if (swapped) { readings.push(swapped); }
    if (count(body, '.') + count(body, ',') === 1 && splitSpaces(body).length === 1) {
      readings.push({ i: body.split('').filter(isDigit).join(''), f: '' });
    }
    var amb = ambiguous(body, g, d);
    var dec = amb ? strict(body, g, d) : null;
    if (dec) { readings.push(dec); }
    var seen = {};
    readings = readings.filter(function (r) {
      var key = r.i + '|' + r.f;
      if (seen[key]) { return false; }
      seen[key] = true;
      return !integer || r.f.replace(/0/g, '').length === 0;
    });
    var vi, en;
    if (amb && !english) {
      vi = "'" + t + "' không rõ: dấu phẩy có thể là dấu thập phân hoặc dấu phân nhóm nghìn kiểu tiếng Anh";
      en = "'" + t + "' is unclear: the comma may be a decimal comma or an English thousands separator";
    } else if (amb) {
      vi = "'" + t + "' không rõ: dấu chấm có thể là dấu thập phân hoặc dấu phân nhóm nghìn kiểu tiếng Việt";
      en = "'" + t + "' is unclear: the point may be a decimal point or a Vietnamese thousands separator";
    } else if (count(body, d) > 1) {
      vi = "'" + t + (english ? "' có nhiều dấu chấm" : "' có nhiều dấu phẩy");
      en = "'" + t + (english ? "' has more than one decimal point" : "' has more than one decimal comma");
    } else if (body.indexOf(g) >= 0) {
      vi = "'" + t + (english ? "' có dấu phẩy" : "' có dấu chấm");
      en = "'" + t + (english ? "' has a comma" : "' has a point");
    } else {
      vi = "'" + t + "' không đúng cách viết số";
      en = "'" + t + "' is not written as a number";
    }
    if (readings.length === 0) {
      vi += english ? '; hãy viết như 1,234.5 hoặc 1234.5.' : '; hãy viết như 1.234,5 hoặc 1234,5.';
      en += english ? '; write it as 1,234.5 or 1234.5.' : '; write it as 1.234,5 or 1234,5.';
      return refused(vi, en, english);
    }
    var sep = ':';
    readings.forEach(function (r) {
      var shown = sign + grouped(r.i, g) + (r.f.length > 0 ? d + r.f : '');
      // A decimal that would itself be ambiguous ("3,029") takes a fourth decimal digit.
      var written = sign + r.i + (r.f.length > 0 ? d + (r.f.length === 3 && r.i.length <= 3 ? r.f + '0' : r.f) : '');
      vi += sep + ' nếu là ' + shown + ' hãy viết ' + written;
      en += sep + ' if you mean ' + shown + ' write ' + written;
      sep = ';';
    });
    return refused(vi + '.', en + '.', english);
  }

  function parse(text, options) {
    var english = !!(options && options.english);
    var integer = !!(options && options.integer);
    var t = trim(text == null ? '' : String(text));
    if (t.length === 0) { return { ok: true, value: null, message: null }; }
    var g = english ? ',' : '.', d = english ? '.' : ',';
    var first = t[0];
    var negative = first === '-' || first === '\u2212';
    var body = negative || first === '+' ? t.slice(1) : t;
    if (body.indexOf('e') >= 0 || body.indexOf('E') >= 0) {
      return refused("'" + t + "' có dạng mũ (e); hãy viết đủ chữ số, ví dụ 100000.", "'" + t + "' has an exponent (e); write all the digits, e.g. 100000.", english);
    }
    var digits = false, other = false;
    for (var k = 0; k < body.length; k++) {
      var c = body[k];
      if (isDigit(c)) { digits = true; } else if (c !== '.' && c !== ',' && !isSpace(c)) { other = true; }
    }
    if (!digits || other) {
      return refused("'" + t + "' không phải là số (viết như 1.234,5).", "'" + t + "' is not a number (write it as 1,234.5).", english);
    }
    var sign = negative ? '-' : '';
    var n = strict(body, g, d);
    if (n && !ambiguous(body, g, d)) {
      var value = Number(sign + n.i + (n.f.length > 0 ? '.' + n.f : ''));
      if (!isFinite(value)) { return refused("'" + t + "' quá lớn.", "'" + t + "' is too large.", english); }
      if (integer && n.f.replace(/0/g, '').length > 0) {
        return refused("'" + t + "' có phần thập phân; ô này chỉ nhận số nguyên.", "'" + t + "' has a decimal part; this field takes whole numbers only.", english);
      }
      return { ok: true, value: value, message: null };
    }
    return hint(t, body, sign, english, integer);
  }

  globalThis.LodestarNumber = { parse: parse };

  function check(input) {
    var english = document.documentElement.lang === 'en';
    var result = parse(input.value, { english: english, integer: input.hasAttribute('data-integer') });
    var id = input.id + '-number';
    var note = document.getElementById(id);
    var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && x !== id; });
    if (result.ok) {
      if (note) { note.remove(); }
      input.removeAttribute('aria-invalid');
    } else {
      if (!note) {
        note = document.createElement('small');
        note.id = id;
        note.className = 'error number-problem';
        note.setAttribute('role', 'alert');
        input.insertAdjacentElement('afterend', note);
      }
      note.textContent = result.message;
      described.push(id);
      input.setAttribute('aria-invalid', 'true');
    }
    if (described.length > 0) { input.setAttribute('aria-describedby', described.join(' ')); } else { input.removeAttribute('aria-describedby'); }
  }

  function wire() {
    document.querySelectorAll('input[data-number]').forEach(function (input) {
      if (!input.id) { return; }
      input.addEventListener('blur', function () { check(input); });
      input.addEventListener('change', function () { check(input); });
    });
  }

  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', wire); } else { wire(); }
  }
}());
