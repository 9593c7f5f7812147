/**
 * One key per phone number, so "+49 170 1234567", "0049 170 1234567", "+49 (0)170 1234567" and the national
 * "0170 1234567" all find the same caller. Telephony often passes the national format; Cal.com stores what the
 * booking sent. National numbers take the business's country code (default 49, Germany).
 */
export function phoneKey(phone: string, countryCode = "49"): string {
  const compact = phone.replace(/\(0\)/g, "").replace(/[^\d+]/g, "");
  if (compact.startsWith("+")) return `+${compact.slice(1).replace(/\D/g, "")}`;
  if (compact.startsWith("00")) return `+${compact.slice(2)}`;
  if (compact.startsWith("0")) return `+${countryCode}${compact.slice(1)}`;
  return `+${compact}`;
}
