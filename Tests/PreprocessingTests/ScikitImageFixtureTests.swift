import Foundation
import Tensor
import Testing
@testable import Preprocessing

/// Agreement with scikit-image 0.26 on the committed fixtures written by `make_fixtures.py`.
struct ScikitImageFixtureTests {
    struct Fixtures {
        let json: [String: Any]
        var values: [String: Any] { json["values"] as? [String: Any] ?? [:] }

        init() throws {
            let url = try #require(Bundle.module.url(forResource: "fixtures", withExtension: "json", subdirectory: "Fixtures"))
            json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }

        func array(_ name: String) throws -> Tensor {
            let arrays = try #require(json["arrays"] as? [String: [Int]])
            let shape = try #require(arrays[name])
            let url = try #require(Bundle.module.url(forResource: name, withExtension: "bin", subdirectory: "Fixtures"))
            let data = try Data(contentsOf: url)
            let scalars = data.withUnsafeBytes { raw in
                (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            }
            return Tensor(shape: shape, scalars: scalars)
        }
    }

    func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func areaDownsamplingMatchesDownscaleLocalMean() throws {
        let f = try Fixtures()
        let image = try f.array("image")
        #expect(maxDifference(Resampling.resize(image, height: 8, width: 10, method: .area), try f.array("downscale4")) < 1e-6)
        #expect(maxDifference(Resampling.resize(image, height: 16, width: 20, method: .auto), try f.array("downscale2")) < 1e-6)
    }

    @Test func bilinearUpsamplingMatchesResizeOrder1() throws {
        let f = try Fixtures()
        let up = Resampling.resize(try f.array("image"), height: 48, width: 60, method: .bilinear)
        #expect(maxDifference(up, try f.array("bilinear_48x60")) < 1e-5)
    }

    @Test func gaussianMatchesFiltersGaussian() throws {
        let f = try Fixtures()
        #expect(maxDifference(Filters.gaussian(try f.array("image"), sigma: 1.5), try f.array("gaussian_1_5")) < 1e-5)
    }

    @Test func medianMatchesFiltersMedianExactly() throws {
        let f = try Fixtures()
        #expect(maxDifference(Filters.median(try f.array("image"), radius: 2), try f.array("median_r2")) == 0)
    }

    @Test func nonLocalMeansMatchesDenoiseNLMeans() throws {
        let f = try Fixtures()
        let out = Denoising.nonLocalMeans(try f.array("image"), patchSize: 5, searchDistance: 6, strength: 0.08, noise: 0.05)
        let difference = maxDifference(out.frames, try f.array("nlm"))
        #expect(difference < 1e-4, "max |Δ| = \(difference)")
    }

    @Test func totalVariationMatchesDenoiseTVChambolle() throws {
        let f = try Fixtures()
        let out = Denoising.totalVariation(try f.array("image"), weight: 0.1, tolerance: 2e-4, maxIterations: 200)
        #expect(maxDifference(out.frames, try f.array("tv")) < 1e-4)
    }

    @Test func otsuAndMultiOtsuWithinOneBin() throws {
        let f = try Fixtures()
        let image = try f.array("image")
        let binWidth = Double((image.scalars.max() ?? 0) - (image.scalars.min() ?? 0)) / 256
        let expected = try #require(f.values["otsu"] as? Double)
        #expect(abs(Thresholding.otsu(image) - expected) <= binWidth * 1.001)
        let trimodal = try f.array("trimodal")
        let trimodalBin = Double((trimodal.scalars.max() ?? 0) - (trimodal.scalars.min() ?? 0)) / 256
        let thresholds = Thresholding.multiOtsu(trimodal, classes: 3)
        let reference = try #require(f.values["multiotsu3"] as? [Double])
        #expect(thresholds.count == 2)
        for (ours, theirs) in zip(thresholds, reference) { #expect(abs(ours - theirs) <= trimodalBin * 1.001) }
    }

    @Test func regionPropertiesMatchRegionprops() throws {
        let f = try Fixtures()
        let shapes = try f.array("shapes")
        let (height, width) = (shapes.shape[0], shapes.shape[1])
        let mask = shapes.scalars.map { $0 > 0.5 }
        let regions = try #require(f.values["regions"] as? [[String: Any]])
        let eight = ConnectedComponents(mask: mask, height: height, width: width, connectivity: .eight)
        #expect(eight.count == f.values["label_count_8"] as? Int)
        #expect(ConnectedComponents(mask: mask, height: height, width: width, connectivity: .four).count == f.values["label_count_4"] as? Int)
        let order = eight.areas.indices.sorted { eight.areas[$0] > eight.areas[$1] }
        for (rank, reference) in regions.enumerated() {
            let region = eight.mask(of: order[rank] + 1)
            #expect(eight.areas[order[rank]] == reference["area"] as? Int)
            let hull = ShapeMetrics.convexHull(region, height: height, width: width)
            #expect(hull.filter { $0 }.count == reference["convex_area"] as? Int)
            let solidity = try #require(reference["solidity"] as? Double)
            #expect(abs(ShapeMetrics.solidity(region, height: height, width: width) - solidity) < 1e-9)
            let feret = try #require(reference["feret_diameter_max"] as? Double)
            #expect(abs(ShapeMetrics.feretDiameter(region, height: height, width: width) - feret) < 1e-6)
            let perimeter = try #require(reference["perimeter"] as? Double)
            #expect(abs(ShapeMetrics.perimeter(region, height: height, width: width) - perimeter) < 1e-9)
            let convexPerimeter = try #require(reference["convex_perimeter"] as? Double)
            #expect(abs(ShapeMetrics.convexity(region, height: height, width: width) - convexPerimeter / perimeter) < 1e-9)
        }
    }

    @Test func ssimMatchesStructuralSimilarityWithPaperRecipe() throws {
        let f = try Fixtures()
        let expected = try #require(f.values["ssim"] as? Double)
        let ours = ImageMetrics.ssim(try f.array("ssim_image"), try f.array("ssim_other"), dataRange: 1)
        #expect(abs(ours - expected) < 1e-6)
    }
}
