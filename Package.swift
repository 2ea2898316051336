// swift-tools-version: 6.1
import PackageDescription

/// The modules with hand-vectorised kernels (SIMD8<Float> softmax, exponentials, gates, im2col)
/// are compiled for Haswell-class CPUs (AVX2 + FMA: every x86-64 CPU since 2013–2015) when building on
/// x86-64: each SIMD8 operation is then one instruction instead of two SSE halves, and the
/// polynomials use fused multiply-adds. Other architectures keep the default target.
#if arch(x86_64)
let vectorKernelSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorKernelSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "Operando",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "operando", targets: ["operando"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - C libraries
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),

        // MARK: - Libraries (bottom-up)
        .target(name: "CSHA256"),
        .target(name: "Hashing", dependencies: ["CSHA256"]),
        .target(name: "Tensor", dependencies: ["COpenBLAS"], swiftSettings: vectorKernelSettings),
        .target(name: "Autodiff", dependencies: ["Tensor"]),
        .target(name: "NN", dependencies: ["Autodiff", "Tensor"]),
        .target(name: "E3DLSTM", dependencies: ["NN", "Autodiff", "Tensor"], swiftSettings: vectorKernelSettings),
        .target(
            name: "PhaseField", dependencies: ["Tensor"],
            // Stencil kernels use SIMD8<Float>, which is ~100× slower unoptimised: keep tests fast.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "ImageFiles", dependencies: ["Tensor", "Hashing", "CTIFF"]),
        .target(name: "Preprocessing", dependencies: ["Tensor"]),
        .target(name: "ProjectStore", dependencies: ["Hashing", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Inference", dependencies: ["Autodiff", "Tensor"]),
        .target(
            name: "Workflows",
            dependencies: [
                "Tensor", "Autodiff", "NN", "E3DLSTM", "PhaseField", "ImageFiles", "Preprocessing",
                "ProjectStore", "Inference", "Hashing",
            ]),

        // MARK: - Executable
        .executableTarget(
            name: "operando",
            dependencies: ["Workflows", "ProjectStore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: - Test support
        .target(name: "TestSupport", dependencies: ["Tensor", "Autodiff"]),

        // MARK: - Tests
        .testTarget(name: "HashingTests", dependencies: ["Hashing", "Tensor", "TestSupport"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "TestSupport"]),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "Tensor", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Autodiff", "Tensor", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "E3DLSTMTests", dependencies: ["E3DLSTM", "NN", "Autodiff", "Tensor", "TestSupport"]),
        .testTarget(name: "PhaseFieldTests", dependencies: ["PhaseField", "Tensor", "TestSupport"]),
        .testTarget(name: "ImageFilesTests", dependencies: ["ImageFiles", "Hashing", "Tensor", "TestSupport"]),
        .testTarget(
            name: "PreprocessingTests", dependencies: ["Preprocessing", "Tensor", "TestSupport"],
            exclude: ["make_fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ProjectStoreTests", dependencies: ["ProjectStore"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Autodiff", "Tensor", "TestSupport"]),
        .testTarget(
            name: "WorkflowsTests", dependencies: ["Workflows", "Tensor", "NN", "E3DLSTM", "Inference", "ProjectStore", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["operando", "Workflows", "ImageFiles", "Tensor", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "ArchitectureTests"),
    ]
)

// One settings loop for every Swift target: the compiler enforces explicit, reviewable imports.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
