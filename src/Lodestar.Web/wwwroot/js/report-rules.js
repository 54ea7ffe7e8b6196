// The report form's rules on the device (issue 18 item 4): the same checks and the same messages as the server's
// ReportValidator (src/Lodestar/Reporting/ReportValidator.cs), so an officer offline learns at once what the server
// would refuse. The server checks everything again. A browser test runs a table of cases through both.
(function (global) {
  'use strict';

  const DEFAULT_TOLERANCE = 0.5;
  const vi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
  const en = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const fmt = v => (v === null || v === undefined ? '…' : vi.format(v));
  const fmtEn = v => (v === null || v === undefined ? '…' : en.format(v));

  function median(past) {
    const recent = past.slice(0, 4).sort((a, b) => a - b);
    if (recent.length < 2) {
      return null;
    }
    const mid = Math.floor(recent.length / 2);
    return recent.length % 2 === 1 ? recent[mid] : (recent[mid - 1] + recent[mid]) / 2;
  }

  const holds = (left, op, right) => (op === 'LessOrEqual' ? left <= right : op === 'GreaterOrEqual' ? left >= right : Math.abs(left - right) < 1e-9);
  const outside = (v, min, max) => (min !== null && min !== undefined && v < min) || (max !== null && max !== undefined && v > max);

  /**
   * spec: { elements: [{ code, name, unit, min, max }], rules: [{ kind, element, other, op, min, max, tolerance }],
   * history: { CODE: [newest first] } }; values: { CODE: { value: number|null, comment } }.
   * Returns findings [{ element, severity: 'Error'|'Warning', kind, vi, en }], in the server's order.
   */
  function evaluate(spec, values) {
    const findings = [];
    const v = code => values[code]?.value ?? null;
    const byCode = Object.fromEntries(spec.elements.map(e => [e.code, e]));
    for (const e of spec.elements) {
      const x = v(e.code);
      if (x !== null && outside(x, e.min, e.max)) {
        findings.push({ element: e.code, severity: 'Error', kind: 'Range',
          vi: `${e.name}: ${fmt(x)} nằm ngoài khoảng cho phép ${fmt(e.min)}–${fmt(e.max)} ${e.unit}.`,
          en: `${e.name}: ${fmtEn(x)} is outside the allowed range ${fmtEn(e.min)}–${fmtEn(e.max)} ${e.unit}.` });
      }
    }

    for (const r of spec.rules) {
      const e = byCode[r.element];
      const x = v(r.element);
      if (r.kind === 'Required' && x === null) {
        findings.push({ element: e.code, severity: 'Error', kind: r.kind, vi: `${e.name}: bắt buộc nhập.`, en: `${e.name}: a value is required.` });
      } else if (r.kind === 'Range' && x !== null && outside(x, r.min, r.max)) {
        findings.push({ element: e.code, severity: 'Error', kind: r.kind,
          vi: `${e.name}: ${fmt(x)} nằm ngoài khoảng ${fmt(r.min)}–${fmt(r.max)}.`,
          en: `${e.name}: ${fmtEn(x)} is outside ${fmtEn(r.min)}–${fmtEn(r.max)}.` });
      } else if (r.kind === 'Compare' && x !== null && r.other && v(r.other) !== null && !holds(x, r.op, v(r.other))) {
        const o = byCode[r.other];
        const right = v(r.other);
        const [wordVi, wordEn] = { LessOrEqual: ['không được lớn hơn', 'must not exceed'], GreaterOrEqual: ['không được nhỏ hơn', 'must not be less than'], Equal: ['phải bằng', 'must equal'] }[r.op];
        findings.push({ element: e.code, severity: 'Error', kind: r.kind,
          vi: `${e.name} (${fmt(x)}) ${wordVi} ${o.name} (${fmt(right)}).`,
          en: `${e.name} (${fmtEn(x)}) ${wordEn} ${o.name} (${fmtEn(right)}).` });
      } else if (r.kind === 'Outlier' && x !== null && spec.history[e.code]) {
        const m = median(spec.history[e.code]);
        if (m !== null && Math.abs(x - m) > (r.tolerance ?? DEFAULT_TOLERANCE) * Math.max(Math.abs(m), 1)) {
          findings.push({ element: e.code, severity: 'Warning', kind: r.kind,
            vi: `${e.name}: ${fmt(x)} khác thường so với các kỳ trước (trung vị ${fmt(m)}); hãy ghi chú giải thích.`,
            en: `${e.name}: ${fmtEn(x)} is unusual against earlier periods (median ${fmtEn(m)}); add a comment explaining it.` });
        }
      }
    }
    return findings;
  }

  /** What stops a save, as ReportValidator.Blocking says: [{ element, vi, en }]. */
  function blocking(findings, values, submit) {
    return findings
      .filter(f => (f.severity === 'Error' ? submit || f.kind === 'Range' : submit && !(values[f.element]?.comment ?? '').trim()))
      .map(f => (f.severity === 'Warning'
        ? { element: f.element, vi: f.vi + ' Cần ghi chú trước khi nộp.', en: f.en + ' A comment is needed before submitting.' }
        : { element: f.element, vi: f.vi, en: f.en }));
  }

  global.LodestarReportRules = { evaluate, blocking };
})(globalThis);
