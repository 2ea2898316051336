import Preprocessing
public import ProjectStore

/// Within Workflows, `ParameterValue` is the store's typed run value (Preprocessing has a type
/// of the same name for recipe parameters; say `Preprocessing.ParameterValue` for that one).
public typealias ParameterValue = ProjectStore.ParameterValue
