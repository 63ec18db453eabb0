package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassPipelineTest {

    @Test
    void theStandardPipelineHasAFixedOrder() {
        assertEquals(List.of("constant-folding", "fold-batchnorm-into-conv", "fold-scale-into-conv", "hard-sigmoid-as-clip",
                        "hard-swish-pattern", "gated-residual-as-gate", "average-pool-as-conv", "global-average-pool-as-matmul", "fold-into-conv-transpose",
                        "conv-transpose-as-conv", "relu-before-maxpool", "relu-before-movement", "dead-node-elimination"),
                PassPipeline.standard().rules().stream().map(RewriteRule::name).toList());
    }

    @Test
    void runsToAFixpointDeterministically() {
        var g = FoldBatchNormIntoConvTest.convBn(true, 1, false, true);
        String once = PassPipeline.standard().run(g).text();
        assertEquals(once, PassPipeline.standard().run(g).text());
        assertEquals(once, PassPipeline.standard().run(PassPipeline.standard().run(g)).text());
        var dce = DeadNodeEliminationTest.withDeadBranch();
        assertEquals(new DeadNodeElimination().apply(dce).orElseThrow().text(), PassPipeline.standard().run(dce).text());
    }
}
