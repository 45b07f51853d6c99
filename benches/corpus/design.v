// Design for yosys in benches/corpus.sh: an 8-bit ALU with a registered
// result and flags, three counters of different widths and kinds, and an
// 8-bit LFSR, under one top module. Bigger than tests/programs/scripts/
// counter.v so that synthesis (not start-up) dominates the run.
module alu8(input [7:0] a, input [7:0] b, input [2:0] op,
            output reg [7:0] y, output carry, output zero);
  reg [8:0] wide;
  always @* begin
    wide = 9'd0;
    case (op)
      3'd0: wide = {1'b0, a} + {1'b0, b};
      3'd1: wide = {1'b0, a} - {1'b0, b};
      3'd2: wide = {1'b0, a & b};
      3'd3: wide = {1'b0, a | b};
      3'd4: wide = {1'b0, a ^ b};
      3'd5: wide = {a, 1'b0};
      3'd6: wide = {2'b0, a[7:1]};
      3'd7: wide = {1'b0, (a < b) ? 8'd1 : 8'd0};
    endcase
    y = wide[7:0];
  end
  assign carry = wide[8];
  assign zero = (y == 8'd0);
endmodule

module updown #(parameter W = 6) (input clk, input rst, input up, input en,
                                  output reg [W-1:0] q);
  always @(posedge clk)
    if (rst) q <= 0;
    else if (en) q <= up ? q + 1'b1 : q - 1'b1;
endmodule

module modcount #(parameter W = 4, parameter MAX = 9) (input clk, input rst,
                                                       output reg [W-1:0] q, output wrap);
  assign wrap = (q == MAX);
  always @(posedge clk)
    if (rst) q <= 0;
    else q <= wrap ? 0 : q + 1'b1;
endmodule

module lfsr8(input clk, input rst, output reg [7:0] s);
  always @(posedge clk)
    if (rst) s <= 8'h01;
    else s <= {s[6:0], s[7] ^ s[5] ^ s[4] ^ s[3]};
endmodule

module corpus_top(input clk, input rst, input [7:0] a, input [7:0] b, input [2:0] op,
                  input up, output reg [7:0] acc, output reg [1:0] flags,
                  output [5:0] ud, output [3:0] dec, output [7:0] rnd);
  wire [7:0] y;
  wire carry, zero, wrap;
  alu8 alu(.a(a), .b(b ^ rnd), .op(op), .y(y), .carry(carry), .zero(zero));
  always @(posedge clk)
    if (rst) begin acc <= 8'd0; flags <= 2'd0; end
    else begin acc <= y + acc; flags <= {carry, zero}; end
  updown #(.W(6)) c1(.clk(clk), .rst(rst), .up(up), .en(wrap), .q(ud));
  modcount #(.W(4), .MAX(9)) c2(.clk(clk), .rst(rst), .q(dec), .wrap(wrap));
  lfsr8 l(.clk(clk), .rst(rst), .s(rnd));
endmodule
