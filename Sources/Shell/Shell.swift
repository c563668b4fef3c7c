import RQL
import Registry

/// The interactive and scripted front end over the RQL library.
public enum ShellInfo {
    /// The version printed by `--version`.
    public static let version = "0.1.0"
}
