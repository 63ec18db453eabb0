# one 16x16x16 tile: LOAD A and B, GEMM, QUANT, VALU, STORE
LOAD  mem=sp row=0 hbm=0x0 rows=16 bytes=16 stride=16
LOAD  mem=sp row=16 hbm=0x100 rows=16 bytes=16 stride=16
LOAD  mem=acc row=16 hbm=0x200 rows=4 bytes=64 stride=64 push-next
GEMM  a=0 b=16 c=0 m=16 k=16 n=16 preload pop-prev
QUANT src=0 dst=32 rows=16 params=16 relu
VALU  op=MAX mem=sp dst=32 src1=32 src2=0 rows=16 imm=0 imm2=0 use-imm push-next
STORE mem=acc row=0 hbm=0x1000 rows=16 bytes=64 stride=64 pop-prev
STORE mem=sp row=32 hbm=0x2000 rows=16 bytes=16 stride=16
FINISH
