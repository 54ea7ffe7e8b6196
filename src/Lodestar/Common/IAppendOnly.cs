namespace Lodestar.Common;

/// <summary>
/// A history row (the audit trail, the changes of a data value): written once, never changed or deleted,
/// and not itself audited — it is the record.
/// </summary>
public interface IAppendOnly;
