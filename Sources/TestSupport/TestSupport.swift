/// Shared helpers for numerical tests: reference kernels, tolerances, temporary folders.
public enum TestSupport {}
