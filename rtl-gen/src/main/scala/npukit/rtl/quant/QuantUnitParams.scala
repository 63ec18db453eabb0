package npukit.rtl.quant

import npukit.arch.config.{QuantConfig, QuantScheme, RequantPath}
import npukit.arch.numerics.{LogEncoder, RoundingMode, StochasticRounder}

/** What the quantization unit generator needs, read from the chip's `QuantConfig` so that no width,
  * mode or table is typed twice. The log thresholds come from the Java `LogEncoder`.
  */
case class QuantUnitParams(
    scheme: QuantScheme,
    rounding: RoundingMode,
    requant: RequantPath,
    accumulatorBits: Int,
    activationBits: Int,
    multiplierBits: Int,
    activationMin: Int,
    activationMax: Int,
    logSteps: Int,
    logMagnitudeMax: Int,
    logThresholds: Seq[BigInt],
    stochasticInit: Int,
    moduleName: String) {
  require(accumulatorBits >= 8 && accumulatorBits <= 32, s"accumulator width must be 8..32, got $accumulatorBits")

  /** Ceiling in the log domain steps up whenever the magnitude is not exactly on a code boundary. */
  def logRoundsUp: Boolean = rounding == RoundingMode.CEIL
}

object QuantUnitParams {
  def apply(config: QuantConfig, accumulatorBits: Int, moduleName: String): QuantUnitParams = {
    val thresholds =
      if (config.scheme == QuantScheme.LOGARITHMIC)
        new LogEncoder(config.logStepsPerOctave, config.rounding).thresholds().toSeq.map(BigInt(_))
      else Seq.empty
    QuantUnitParams(
      scheme = config.scheme,
      rounding = config.rounding,
      requant = config.requant,
      accumulatorBits = accumulatorBits,
      activationBits = config.activationBits,
      multiplierBits = config.multiplierBits,
      activationMin = config.activationMin,
      activationMax = config.activationMax,
      logSteps = config.logStepsPerOctave,
      logMagnitudeMax = config.logMagnitudeMax,
      logThresholds = thresholds,
      stochasticInit = StochasticRounder.initialState(config.stochasticSeed),
      moduleName = moduleName
    )
  }
}
