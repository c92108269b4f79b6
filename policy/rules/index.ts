import type { Rule } from "../rule";
import { TPA101 } from "./tpa101";
import { TPA102 } from "./tpa102";
import { TPA103 } from "./tpa103";
import { TPA104 } from "./tpa104";
import { TPA105 } from "./tpa105";
import { TPA106 } from "./tpa106";
import { TPA107 } from "./tpa107";
import { TPA108 } from "./tpa108";
import { TPA109 } from "./tpa109";
import { TPA110 } from "./tpa110";
import { TPA111 } from "./tpa111";
import { TPA112 } from "./tpa112";
import { TPA120 } from "./tpa120";
import { TPA121 } from "./tpa121";
import { TPA122 } from "./tpa122";
import { TPA201 } from "./tpa201";
import { TPA202 } from "./tpa202";
import { TPA203 } from "./tpa203";
import { TPA204 } from "./tpa204";
import { TPA205 } from "./tpa205";
import { TPA301 } from "./tpa301";
import { TPA303 } from "./tpa303";
import { TPA304 } from "./tpa304";
import { TPA305 } from "./tpa305";
import { TPA401 } from "./tpa401";
import { TPA402 } from "./tpa402";
import { TPA403 } from "./tpa403";
import { TPA404 } from "./tpa404";

/** The strict-mode rule pack, in ID order. */
export const STRICT_MODE_RULES: readonly Rule[] = [
  TPA101, TPA102, TPA103, TPA104, TPA105, TPA106, TPA107, TPA108, TPA109, TPA110, TPA111, TPA112,
  TPA120, TPA121, TPA122,
  TPA201, TPA202, TPA203, TPA204, TPA205,
  TPA301, TPA303, TPA304, TPA305,
  TPA401, TPA402, TPA403, TPA404,
];
