namespace Lodestar.Common;

/// <summary>An entity whose creation and last change are stamped by the audit interceptor.</summary>
public interface ITracked
{
    DateTime CreatedAt { get; set; }

    string CreatedBy { get; set; }

    DateTime UpdatedAt { get; set; }

    string UpdatedBy { get; set; }
}
