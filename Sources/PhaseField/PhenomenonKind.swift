/// The four microstructure phenomena Operando simulates (Yang et al. 2021, Patterns).
///
/// Raw values are the kebab-case names used on the command line and in stored records.
public enum PhenomenonKind: String, CaseIterable, Codable, Sendable {
    /// Analytic damped plane wave (the paper's Equation 1).
    case planeWave = "plane-wave"
    /// Multi-order-parameter Allen–Cahn grain growth (Fan & Chen 1997).
    case grainGrowth = "grain-growth"
    /// Cahn–Hilliard spinodal decomposition with a regular-solution free energy.
    case spinodal
    /// Kobayashi (1993) coupled phase-field / heat dendritic solidification.
    case dendrite
}
