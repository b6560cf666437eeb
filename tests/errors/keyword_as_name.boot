spec keyword_as_name
var end : bool;
process p {
  skip: await true;
}
