/// How a file's pages form one array: the leading axes (from ImageJ, OME or plain page order)
/// followed by the page axes (`YX`, `YXS` or `SYX`).
///
/// - ImageJ: `images = channels·slices·frames` pages ordered C fastest → axes `TZC` (singletons
///   dropped). One IFD with `images > 1` is ImageJ's contiguous raw layout (files over 4 GB).
/// - OME: `SizeT·SizeZ·SizeC` planes in `DimensionOrder` (samples of RGB count in SizeC).
/// - Plain multi-page: `T`. One page: no leading axis.
struct SeriesArrangement {
    var shape: [Int]
    var axes: String
    /// Images to read: pages, or ImageJ images in contiguous layout.
    var frameCount: Int
    var isContiguousImageJ: Bool
    var imageJ: ImageJDescription?
    var ome: OMEDescription?
    /// `imagej.*` / `ome.*` fields.
    var metadata: [String: String] = [:]

    init(path: String, pageCount: Int, page: TIFFPageLayout, description: String, limits: ReadLimits) throws(ImageFileError) {
        let (pageShape, pageAxes) = page.pageShape
        var leading: [(Character, Int)] = []
        frameCount = pageCount
        isContiguousImageJ = false
        if let imageJ = ImageJDescription(description) {
            self.imageJ = imageJ
            for field in imageJ.fields { metadata["imagej.\(field.key)"] = field.value }
            let (c, z, t) = (imageJ.channels, imageJ.slices, imageJ.frames)
            guard c > 0, z > 0, t > 0, let czt = Self.product([c, z, t]) else {
                throw .metadataMismatch(path: path, detail: "ImageJ description has an invalid size (channels=\(c) slices=\(z) frames=\(t))")
            }
            let images = imageJ.images ?? pageCount
            guard images > 0 else { throw .metadataMismatch(path: path, detail: "ImageJ description declares images=\(images)") }
            if images != pageCount {
                guard pageCount == 1 else {
                    throw .metadataMismatch(path: path, detail: "ImageJ description declares \(images) images but the file holds \(pageCount) pages")
                }
                guard images <= limits.maximumPages else {
                    throw .exceedsLimits(path: path, detail: "ImageJ description declares \(images) images (ReadLimits.maximumPages \(limits.maximumPages))")
                }
                isContiguousImageJ = true
                frameCount = images
            }
            if czt == images {
                leading = [("T", t), ("Z", z), ("C", c)]
            } else if czt == 1 || (imageJ.integer("channels") == nil && imageJ.integer("frames") == nil && z == images) {
                leading = [("T", images)]
            } else {
                throw .metadataMismatch(path: path, detail: "ImageJ description declares channels=\(c) slices=\(z) frames=\(t) but images=\(images)")
            }
        } else if let ome = OMEDescription(description) {
            self.ome = ome
            for (key, value) in ome.pixels { metadata["ome.\(key)"] = value }
            guard let order = ome.planeAxesSlowestFirst else {
                throw .metadataMismatch(path: path, detail: "OME-XML DimensionOrder '\(ome.pixels["DimensionOrder"] ?? "")' is not a permutation of XYZCT")
            }
            guard ome.size("X") == page.width, ome.size("Y") == page.height else {
                throw .metadataMismatch(path: path, detail: "OME-XML says \(ome.size("X"))x\(ome.size("Y")) px but page 0 is \(page.width)x\(page.height)")
            }
            var sizes: [Character: Int] = ["T": ome.size("T"), "Z": ome.size("Z"), "C": ome.size("C")]
            if page.samplesPerPixel > 1 {
                let c = sizes["C"]!
                guard c % page.samplesPerPixel == 0 else {
                    throw .metadataMismatch(path: path, detail: "OME-XML SizeC=\(c) is not a multiple of SamplesPerPixel \(page.samplesPerPixel)")
                }
                sizes["C"] = c / page.samplesPerPixel
            }
            guard sizes.values.allSatisfy({ $0 > 0 }), let planes = Self.product(Array(sizes.values)), planes == pageCount else {
                throw .metadataMismatch(path: path, detail: "OME-XML declares T×Z×C planes (T=\(sizes["T"]!) Z=\(sizes["Z"]!) C=\(sizes["C"]!)) but the file holds \(pageCount) pages (multi-file or multi-series OME-TIFF is not supported; export one series)")
            }
            leading = order.map { ($0, sizes[$0]!) }
        } else if pageCount > 1 {
            leading = [("T", pageCount)]
        }
        let kept = leading.filter { $0.1 > 1 }
        shape = kept.map(\.1) + pageShape
        axes = String(kept.map(\.0)) + pageAxes
        let (total, overflow) = frameCount.multipliedReportingOverflow(by: page.frameBytes)
        guard !overflow, total <= limits.maximumTotalBytes else {
            throw .exceedsLimits(path: path, detail: "\(frameCount) images of \(page.frameBytes) bytes exceed \(limits.maximumTotalBytes) bytes (ReadLimits.maximumTotalBytes)")
        }
    }

    /// The product of `values`, or `nil` on overflow (sizes come from untrusted text).
    static func product(_ values: [Int]) -> Int? {
        var result = 1
        for value in values {
            let (next, overflow) = result.multipliedReportingOverflow(by: value)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Calibration from ImageJ or OME metadata, else from the resolution tags.
    func calibration(tags: [String: String]) -> Calibration {
        var calibration = Calibration()
        let xResolution = tags["XResolution"].flatMap(Double.init)
        let yResolution = tags["YResolution"].flatMap(Double.init)
        let resolutionUnit = tags["ResolutionUnit"].flatMap(Int.init) ?? 2
        if let ome {
            if let x = ome.number("PhysicalSizeX") {
                calibration.pixelSize = x
                calibration.pixelUnit = Calibration.normalizedLengthUnit(ome.pixels["PhysicalSizeXUnit"] ?? "µm")
                if let y = ome.number("PhysicalSizeY"), y != x { calibration.pixelSizeY = y }
            }
            if let z = ome.number("PhysicalSizeZ") {
                calibration.zSpacing = z
                calibration.zUnit = Calibration.normalizedLengthUnit(ome.pixels["PhysicalSizeZUnit"] ?? "µm")
            }
            if let dt = ome.number("TimeIncrement") {
                calibration.frameInterval = dt
                calibration.frameUnit = Calibration.normalizedTimeUnit(ome.pixels["TimeIncrementUnit"] ?? "s")
            }
            return calibration
        }
        if let imageJ {
            let unit = imageJ["unit"].map(Calibration.normalizedLengthUnit)
            if let unit, unit != "pixel", unit != "pixels", let x = xResolution, x > 0 {
                calibration.pixelSize = 1 / x
                calibration.pixelUnit = unit
                if let y = yResolution, y > 0, y != x { calibration.pixelSizeY = 1 / y }
            }
            if let spacing = imageJ.number("spacing") {
                calibration.zSpacing = spacing
                calibration.zUnit = imageJ["zunit"].map(Calibration.normalizedLengthUnit) ?? unit
            }
            if let interval = imageJ.number("finterval") {
                calibration.frameInterval = interval
                calibration.frameUnit = Calibration.normalizedTimeUnit(imageJ["tunit"] ?? "sec")
            }
            return calibration
        }
        // Plain TIFF: only an inch or centimetre resolution is physical; report it in µm.
        let micrometresPerUnit: Double? = resolutionUnit == 2 ? 25_400 : resolutionUnit == 3 ? 10_000 : nil
        if let perUnit = micrometresPerUnit, let x = xResolution, x > 0 {
            calibration.pixelSize = perUnit / x
            calibration.pixelUnit = "um"
            if let y = yResolution, y > 0, y != x { calibration.pixelSizeY = perUnit / y }
        }
        return calibration
    }
}
