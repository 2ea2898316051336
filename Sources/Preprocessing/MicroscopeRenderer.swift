public import Tensor
import Glibc

/// Renders clean phase fields (`[T, h, w]`, solid = 1, liquid = 0) as a synthetic 16-bit
/// microscope stack `[T, k·h, k·w]`, seeded and reproducible.
///
/// Per frame t of T:
/// 1. upsample ×`upsampling` (bilinear, half-pixel-centred);
/// 2. optical blur: Gaussian, σ = `blurSigma` px of the rendered image;
/// 3. expected photons `λ = g_t · (liquid + (solid − liquid) · φ)` with the illumination gain
///    `g_t = 1 − drift · t / (T − 1)` (a linear loss of `drift`, 12 % by default);
/// 4. shot noise: Poisson(λ) (Knuth's method for λ < 30, else the normal approximation
///    `λ + √λ z`), plus Gaussian read noise of `readNoise` counts;
/// 5. `hotPixels` defects at fixed positions (the same in every frame) set to `hotValue`;
/// 6. rounded and clamped to the `bitDepth` range 0 … 2^bits − 1.
///
/// The result is Float32 holding integer counts, as the TIFF importer would deliver it.
/// Defaults: ×4, σ = 2 px, liquid 400 / solid 150 photons (solid appears dark), read noise 8,
/// drift 0.12, 20 hot pixels at 65535, 16 bits, seed 0.
public struct MicroscopeRenderer: Sendable, Equatable, Codable {
    public var upsampling: Int
    public var blurSigma: Double
    public var liquidPhotons: Double
    public var solidPhotons: Double
    public var readNoise: Double
    public var drift: Double
    public var hotPixels: Int
    public var hotValue: Double
    public var bitDepth: Int
    public var seed: UInt64

    public init(
        upsampling: Int = 4, blurSigma: Double = 2, liquidPhotons: Double = 400, solidPhotons: Double = 150,
        readNoise: Double = 8, drift: Double = 0.12, hotPixels: Int = 20, hotValue: Double = 65_535,
        bitDepth: Int = 16, seed: UInt64 = 0
    ) {
        precondition(upsampling >= 1 && blurSigma >= 0 && liquidPhotons >= 0 && solidPhotons >= 0, "MicroscopeRenderer: bad optics")
        precondition(readNoise >= 0 && drift >= 0 && drift < 1 && hotPixels >= 0 && (1...16).contains(bitDepth), "MicroscopeRenderer: bad camera")
        self.upsampling = upsampling
        self.blurSigma = blurSigma
        self.liquidPhotons = liquidPhotons
        self.solidPhotons = solidPhotons
        self.readNoise = readNoise
        self.drift = drift
        self.hotPixels = hotPixels
        self.hotValue = hotValue
        self.bitDepth = bitDepth
        self.seed = seed
    }

    /// Renders `[T, h, w]` clean fields in [0, 1] to `[T, k·h, k·w]` counts.
    public func render(_ clean: Tensor) -> Tensor {
        precondition(clean.rank == 3, "MicroscopeRenderer: expected [T, H, W], got \(clean.shape)")
        let (frames, height, width) = (clean.shape[0], clean.shape[1] * upsampling, clean.shape[2] * upsampling)
        let upsampled = Resampling.resize(clean, height: height, width: width, method: .nearest)
        let optical = blurSigma > 0 ? Filters.gaussian(upsampled, sigma: blurSigma) : upsampled
        let size = height * width
        var hotRandom = SplitMix64(seed: SplitMix64.derivedSeed(master: seed, index: UInt64.max))
        var defects = Set<Int>()
        while defects.count < min(hotPixels, size) { defects.insert(Int(hotRandom.next() % UInt64(size))) }
        let hotPositions = defects.sorted()
        let maximum = Double((1 << bitDepth) - 1)
        let settings = self
        let stack = FrameMap.collect(frames) { t -> [Float] in
            var random = SplitMix64(seed: SplitMix64.derivedSeed(master: settings.seed, index: UInt64(t)))
            let gain = 1 - settings.drift * (frames == 1 ? 0 : Double(t) / Double(frames - 1))
            var out = [Float](repeating: 0, count: size)
            for i in 0..<size {
                let phi = Double(optical.scalars[t * size + i])
                let photons = gain * (settings.liquidPhotons + (settings.solidPhotons - settings.liquidPhotons) * phi)
                let counts = Self.poisson(max(photons, 0), &random) + settings.readNoise * Double(random.nextNormal())
                out[i] = Float(min(max(counts.rounded(), 0), maximum))
            }
            for i in hotPositions { out[i] = Float(min(settings.hotValue, maximum)) }
            return out
        }
        return Tensor(shape: [frames, height, width], scalars: stack.flatMap { $0 })
    }

    /// A Poisson(λ) draw: Knuth's product of uniforms for λ < 30, else `λ + √λ z`.
    static func poisson(_ lambda: Double, _ random: inout SplitMix64) -> Double {
        if lambda >= 30 { return lambda + lambda.squareRoot() * Double(random.nextNormal()) }
        let limit = exp(-lambda)
        var k = 0.0
        var product = Double(random.nextUniform())
        while product > limit {
            k += 1
            product *= Double(random.nextUniform())
        }
        return k
    }
}
